/** The parts of `runtime.MessageSender` the router looks at. */
export interface Sender {
  id?: string;
  url?: string;
  origin?: string;
  frameId?: number;
  /** Chromium names the sending document; Firefox does not. */
  documentId?: string;
  tab?: { id?: number };
}

export type SenderRole =
  | { role: 'ui' }
  | { role: 'content'; tabId: number; origin: string; documentId?: string }
  | { role: 'refused'; reason: string };

/**
 * Who sent a message. Extension pages are `ui`; a content script in a tab's top frame on an
 * http(s) page is `content`. Anything else — another extension, a subframe, a tab-less
 * non-extension sender — is refused.
 */
export function senderRole(sender: Sender, ownId: string, extensionOrigin: string): SenderRole {
  if (sender.id !== ownId) return { role: 'refused', reason: 'the sender is not this extension' };
  const url = sender.url ?? '';
  if (url.startsWith(extensionOrigin)) {
    return sender.frameId === undefined || sender.frameId === 0
      ? { role: 'ui' }
      : { role: 'refused', reason: 'extension pages may only send from their top frame' };
  }
  if (!sender.tab || typeof sender.tab.id !== 'number') return { role: 'refused', reason: 'the sender has no tab' };
  if (sender.frameId !== 0) return { role: 'refused', reason: 'only a top frame may send' };
  // Chrome says sender.origin; Firefox does not, so fall back to the URL's origin.
  let origin: string;
  try {
    origin = sender.origin ?? new URL(url).origin;
  } catch {
    return { role: 'refused', reason: 'the sender has no origin' };
  }
  if (!/^https?:\/\//.test(origin)) return { role: 'refused', reason: 'only http(s) pages may send' };
  if (sender.url && new URL(sender.url).origin !== origin) {
    return { role: 'refused', reason: 'the sender origin and URL disagree' };
  }
  return { role: 'content', tabId: sender.tab.id, origin, ...(sender.documentId && { documentId: sender.documentId }) };
}

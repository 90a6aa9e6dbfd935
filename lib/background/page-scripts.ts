import { browser } from 'wxt/browser';
import type { BackgroundContext } from './context';
import { serially } from './serial';

const CHECKOUT_SCRIPT = { id: 'checkout', js: ['content-scripts/checkout.js'], runAt: 'document_end' } as const;
const sameMatches = (a: readonly string[] = [], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((pattern, i) => pattern === b[i]);

/** The checkout script's registration, changed only when the patterns differ; one change at a time. */
async function setCheckoutMatches(matches: string[]): Promise<void> {
  await serially('checkout-script', async () => {
    const [current] = await browser.scripting.getRegisteredContentScripts({ ids: [CHECKOUT_SCRIPT.id] });
    if (matches.length === 0) {
      if (current) await browser.scripting.unregisterContentScripts({ ids: [CHECKOUT_SCRIPT.id] });
      return;
    }
    if (current && sameMatches(current.matches, matches)) return;
    const script = { ...CHECKOUT_SCRIPT, js: [...CHECKOUT_SCRIPT.js], matches, persistAcrossSessions: true };
    if (current) await browser.scripting.updateContentScripts([script]);
    else await browser.scripting.registerContentScripts([script]);
  });
}

/** The worker's own page scripts, through the browser's scripting API (Chromium and Firefox alike). */
export const browserPageScripts: BackgroundContext['pageScripts'] = {
  // Firefox's match patterns cannot name a port.
  portsInPatterns: !import.meta.env.FIREFOX,
  setCheckoutMatches,
  async loadSignInButton(tabId, documentId) {
    await browser.scripting.executeScript({
      target: documentId ? { tabId, documentIds: [documentId] } : { tabId, frameIds: [0] },
      files: ['/content-scripts/sign-in-button.js'],
    });
  },
};

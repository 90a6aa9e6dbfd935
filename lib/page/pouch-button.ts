import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { markElement } from '../brand/mark';
import { guardButton } from './click-guard';

// One rule a line, unindented: every byte here is loaded by each partner page.
const STYLE = `
:host{all:initial;display:inline-block;margin:8px 0}
button{font:600 15px/1.2 system-ui,sans-serif;color:#fff;background:#5c4300;border:0;border-radius:10px;padding:10px 20px;cursor:pointer;min-width:200px;display:inline-flex;align-items:center;justify-content:center;gap:8px}
svg{flex:none}
button:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}
button:disabled{background:#8a8a8a;cursor:default}
p{font:13px/1.4 system-ui,sans-serif;color:#b3261e;margin:6px 0 0;max-width:320px}
`;

/**
 * A Pouch button ("Pay with Pouch", "Sign in with Pouch") in a closed shadow root right after its tag,
 * so the page can neither read nor restyle what is inside. Clicks count only when trusted and when the
 * guard sees the button plainly; otherwise the button is withdrawn. When the content script's context
 * ends (the extension updated or removed), the button goes: it could no longer reach the wallet.
 */
export function renderPouchButton(
  ctx: ContentScriptContext,
  tagElement: Element,
  kind: 'pay' | 'sign-in',
  label: string,
  onClick: () => void,
): { remove(): void; setBusy(busy: boolean): void; setDone(label: string): void } {
  const host = document.createElement(`pouch-${kind}`);
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  const button = document.createElement('button');
  button.type = 'button';
  const words = document.createElement('span');
  words.textContent = label;
  button.append(markElement(22), words);
  root.append(style, button);
  tagElement.after(host);
  const guard = guardButton(host, ctx);
  const forget = ctx.onInvalidated(() => host.remove());

  let done = false;
  button.addEventListener('click', (event) => {
    if (!event.isTrusted || done) return;
    if (!guard.safe()) {
      button.disabled = true;
      const notice = document.createElement('p');
      notice.textContent = browser.i18n.getMessage('buttonWithdrawn');
      root.append(notice);
      guard.stop();
      return;
    }
    onClick();
  });
  return {
    setBusy(busy) {
      button.disabled = busy;
    },
    /** The checkout is over (paid): the button says so and takes no more clicks, so none can fail. */
    setDone(label) {
      done = true;
      button.disabled = true;
      words.textContent = label;
      guard.stop();
    },
    remove() {
      guard.stop();
      forget();
      host.remove();
    },
  };
}

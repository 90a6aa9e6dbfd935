import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { CheckoutResult, CheckoutView } from '../../protocol/checkout';
import type { Envelope } from '../../protocol/messages';
import { announce } from './announce';
import { renderPouchButton } from './pouch-button';
import { CHECKOUT_TAG } from './tags';

const offered = new WeakMap<Element, { tag: string; orderId?: string; remove(): void; setDone(label: string): void }>();

/** Verifies one tag with the background and, if it holds, offers the pay button next to it. */
export async function offer(ctx: ContentScriptContext, element: Element): Promise<void> {
  const tag = element.textContent?.trim() ?? '';
  const previous = offered.get(element);
  if (previous?.tag === tag) return;
  previous?.remove();
  offered.delete(element);
  const reply = (await browser.runtime.sendMessage({ type: 'checkout.tag', tag })) as Envelope<
    CheckoutView & { buttonLabel: string }
  >;
  // The page changed the tag while we asked: the call for its new text decides.
  if ((element.textContent?.trim() ?? '') !== tag) return;
  if (!reply.ok) {
    announce(element, 'pouch:failed', { reason: reply.error.reason ?? reply.error.code, message: reply.error.message });
    watchEdits(ctx, element);
    return;
  }
  const button = renderPouchButton(ctx, element, 'pay', reply.data.buttonLabel, () => {
    void browser.runtime.sendMessage({ type: 'checkout.pay', tag }).then((answer: Envelope<unknown>) => {
      if (!answer.ok)
        announce(element, 'pouch:failed', {
          reason: answer.error.reason ?? answer.error.code,
          message: answer.error.message,
        });
    });
  });
  offered.set(element, { tag, orderId: reply.data.orderId, remove: button.remove, setDone: button.setDone });
  watchEdits(ctx, element);
}

const watched = new WeakSet<Element>();

/** A page script that edits a tag after the fact gets its edit verified like any other tag: one observer a tag. */
function watchEdits(ctx: ContentScriptContext, element: Element): void {
  if (watched.has(element)) return;
  watched.add(element);
  const observer = new MutationObserver(() => void offer(ctx, element));
  observer.observe(element, { childList: true, characterData: true, subtree: true });
  ctx.onInvalidated(() => observer.disconnect());
}

/** The background says how a checkout ended: tell the page on the tag element. */
export function deliverResult(result: CheckoutResult): void {
  for (const element of document.querySelectorAll(CHECKOUT_TAG)) {
    const offer = offered.get(element);
    if (offer?.orderId !== result.orderId) continue;
    if (result.outcome === 'paid') {
      offer.setDone(browser.i18n.getMessage('buttonPaid'));
      announce(element, 'pouch:paid', { paymentId: result.paymentId, receipt: result.receipt });
    } else if (result.outcome === 'agreed') {
      offer.setDone(browser.i18n.getMessage('buttonAgreed'));
      announce(element, 'pouch:agreed', { agreementId: result.agreementId });
    } else announce(element, 'pouch:failed', { reason: result.reason });
  }
}

import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { PageResult } from '../protocol/messages';
import { deliverResult, offer, TAG_SELECTOR } from '../lib/page/checkout-page';
import { merchantIdOnPage } from '../lib/page/merchant-meta';
import { deliverSignInResult, offerSignIn, SIGN_IN_SELECTOR } from '../lib/page/sign-in-page';

const TAGS = `${TAG_SELECTOR}, ${SIGN_IN_SELECTOR}`;

function offerTag(ctx: ContentScriptContext, element: Element): void {
  if (element.matches(TAG_SELECTOR)) void offer(ctx, element);
  else void offerSignIn(ctx, element);
}

/** The background's word on how a checkout or a sign-in ended; only from the extension itself. */
function hearResults(message: unknown, sender: { id?: string; tab?: unknown }): void {
  if (sender.id !== browser.runtime.id || sender.tab) return;
  const result = message as PageResult;
  if (result?.type === 'checkout.result' && typeof result.orderId === 'string') deliverResult(result);
  if (result?.type === 'sign-in.result' && typeof result.nonce === 'string') deliverSignInResult(result);
}

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_end',
  // WXT's context ends when the extension updates or is removed: every listener, observer and timer
  // below is tied to it, so an open page keeps nothing of an extension that is gone.
  main(ctx) {
    const merchantId = merchantIdOnPage(document);
    const tags = document.querySelectorAll(TAGS);
    // A page that names no partner and carries no tag costs two selector lookups: no message, no observer, no UI.
    if (!merchantId && tags.length === 0) return;

    browser.runtime.onMessage.addListener(hearResults);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(hearResults));
    if (merchantId) void browser.runtime.sendMessage({ type: 'merchant.page', merchantId });
    tags.forEach((tag) => offerTag(ctx, tag));
    // Partner pages (the meta says so) may insert their tag later, as single-page checkouts do.
    if (merchantId) {
      const observer = new MutationObserver((records) => {
        for (const record of records) {
          for (const node of record.addedNodes) {
            if (node instanceof Element) {
              if (node.matches(TAGS)) offerTag(ctx, node);
              node.querySelectorAll(TAGS).forEach((tag) => offerTag(ctx, tag));
            }
          }
        }
      });
      observer.observe(document.documentElement, { childList: true, subtree: true });
      ctx.onInvalidated(() => observer.disconnect());
    }
  },
});

import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { PageResult } from '../protocol/messages';
import { deliverResult, offer, TAG_SELECTOR } from '../lib/page/checkout-page';
import { merchantIdOnPage } from '../lib/page/merchant-meta';
import { deliverSignInResult, offerSignIn, SIGN_IN_SELECTOR } from '../lib/page/sign-in-page';

const TAGS = `${TAG_SELECTOR}, ${SIGN_IN_SELECTOR}`;

function offerTag(element: Element): void {
  if (element.matches(TAG_SELECTOR)) void offer(element);
  else void offerSignIn(element);
}

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_end',
  main() {
    const merchantId = merchantIdOnPage(document);
    const tags = document.querySelectorAll(TAGS);
    // A page that names no partner and carries no tag costs two selector lookups: no message, no observer, no UI.
    if (!merchantId && tags.length === 0) return;

    browser.runtime.onMessage.addListener((message: unknown, sender) => {
      if (sender.id !== browser.runtime.id || sender.tab) return;
      const result = message as PageResult;
      if (result?.type === 'checkout.result' && typeof result.orderId === 'string') deliverResult(result);
      if (result?.type === 'sign-in.result' && typeof result.nonce === 'string') deliverSignInResult(result);
    });
    if (merchantId) void browser.runtime.sendMessage({ type: 'merchant.page', merchantId });
    tags.forEach(offerTag);
    // Partner pages (the meta says so) may insert their tag later, as single-page checkouts do.
    if (merchantId) {
      new MutationObserver((records) => {
        for (const record of records) {
          for (const node of record.addedNodes) {
            if (node instanceof Element) {
              if (node.matches(TAGS)) offerTag(node);
              node.querySelectorAll(TAGS).forEach(offerTag);
            }
          }
        }
      }).observe(document.documentElement, { childList: true, subtree: true });
    }
  },
});

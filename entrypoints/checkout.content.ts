import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { CheckoutResult } from '../protocol/checkout';
import { deliverResult, offer, TAG_SELECTOR } from '../lib/page/checkout-page';
import { merchantIdOnPage } from '../lib/page/merchant-meta';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_end',
  main() {
    const merchantId = merchantIdOnPage(document);
    const tags = document.querySelectorAll(TAG_SELECTOR);
    // A page that names no partner and carries no tag costs two selector lookups: no message, no observer, no UI.
    if (!merchantId && tags.length === 0) return;

    browser.runtime.onMessage.addListener((message: unknown, sender) => {
      if (sender.id !== browser.runtime.id || sender.tab) return;
      const result = message as CheckoutResult;
      if (result?.type === 'checkout.result' && typeof result.orderId === 'string') deliverResult(result);
    });
    if (merchantId) void browser.runtime.sendMessage({ type: 'merchant.page', merchantId });
    tags.forEach((tag) => void offer(tag));
    // Partner pages (the meta says so) may insert their tag later, as single-page checkouts do.
    if (merchantId) {
      new MutationObserver((records) => {
        for (const record of records) {
          for (const node of record.addedNodes) {
            if (node instanceof Element) {
              if (node.matches(TAG_SELECTOR)) void offer(node);
              node.querySelectorAll(TAG_SELECTOR).forEach((tag) => void offer(tag));
            }
          }
        }
      }).observe(document.documentElement, { childList: true, subtree: true });
    }
  },
});

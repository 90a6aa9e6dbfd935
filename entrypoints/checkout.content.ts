import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { merchantIdOnPage } from '../lib/page/merchant-meta';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  main() {
    // On a page that names no partner, stay silent: no message, no observer, no UI.
    const merchantId = merchantIdOnPage(document);
    if (merchantId) void browser.runtime.sendMessage({ type: 'merchant.page', merchantId });
  },
});

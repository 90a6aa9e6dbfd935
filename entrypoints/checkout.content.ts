import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { PageResult } from '../protocol/messages';
import { deliverResult, offer } from '../lib/page/checkout-page';
import { merchantIdOnPage } from '../lib/page/merchant-meta';
import { CHECKOUT_TAG, SIGN_IN_TAG } from '../lib/page/tags';
import { watchAddedTags } from '../lib/page/watch-tags';

const TAGS = `${CHECKOUT_TAG}, ${SIGN_IN_TAG}`;

/** The background's word on how a checkout ended; only from the extension itself. */
function hearResults(message: unknown, sender: { id?: string; tab?: unknown }): void {
  if (sender.id !== browser.runtime.id || sender.tab) return;
  const result = message as PageResult;
  if (result?.type === 'checkout.result' && typeof result.orderId === 'string') deliverResult(result);
}

/**
 * A checkout tag gets its button here; a sign-in tag (rarer) asks the background, once, for the sign-in
 * button's own script (entrypoints/sign-in-button.content.ts), so partner pages load only the tag finder and
 * the pay button up front.
 */
function tagHandler(ctx: ContentScriptContext): (tag: Element) => void {
  let signInAsked = false;
  return (tag) => {
    if (tag.matches(CHECKOUT_TAG)) void offer(ctx, tag);
    else if (!signInAsked) {
      signInAsked = true;
      void browser.runtime.sendMessage({ type: 'sign-in.button' });
    }
  };
}

export default defineContentScript({
  // The host access the install prompt asks for. The script is registered at runtime for the partner
  // directory's verified origins only (lib/background/checkout-script.ts); no other page gets it.
  matches: ['http://*/*', 'https://*/*'],
  registration: 'runtime',
  runAt: 'document_end',
  // WXT's "script started" window message would tell every page script that Pouch is here.
  noScriptStartedPostMessage: true,
  // WXT's context ends when the extension updates or is removed: every listener, observer and timer
  // below is tied to it, so an open page keeps nothing of an extension that is gone.
  main(ctx) {
    const merchantId = merchantIdOnPage(document);
    const tags = document.querySelectorAll(TAGS);
    // A partner's page that names no partner and carries no tag (its blog, say) costs two selector lookups.
    if (!merchantId && tags.length === 0) return;

    browser.runtime.onMessage.addListener(hearResults);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(hearResults));
    if (merchantId) void browser.runtime.sendMessage({ type: 'merchant.page', merchantId });
    const found = tagHandler(ctx);
    tags.forEach(found);
    // Partner pages (the meta says so) may insert their tag later, as single-page checkouts do.
    if (merchantId) watchAddedTags(ctx, TAGS, found);
  },
});

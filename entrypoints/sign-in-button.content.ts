import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { PageResult } from '../protocol/messages';
import { deliverSignInResult, offerSignIn } from '../lib/page/sign-in-page';
import { SIGN_IN_TAG } from '../lib/page/tags';
import { watchAddedTags } from '../lib/page/watch-tags';

/** The background's word on how a sign-in ended; only from the extension itself. */
function hearResults(message: unknown, sender: { id?: string; tab?: unknown }): void {
  if (sender.id !== browser.runtime.id || sender.tab) return;
  const result = message as PageResult;
  if (result?.type === 'sign-in.result' && typeof result.nonce === 'string') deliverSignInResult(result);
}

/**
 * "Sign in with Pouch": injected by the background into a partner page's top frame once the checkout
 * script found a sign-in tag there (handlers/sign-in.ts, signInButton). Never registered on its own.
 */
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  registration: 'runtime',
  noScriptStartedPostMessage: true,
  main(ctx) {
    browser.runtime.onMessage.addListener(hearResults);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(hearResults));
    const found = (tag: Element) => void offerSignIn(ctx, tag);
    document.querySelectorAll(SIGN_IN_TAG).forEach(found);
    watchAddedTags(ctx, SIGN_IN_TAG, found);
  },
});

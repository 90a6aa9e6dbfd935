import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { Envelope } from '../../protocol/messages';
import type { SignInResult } from '../../protocol/sign-in';
import { announce } from './announce';
import { renderPouchButton } from './pouch-button';
import { SIGN_IN_TAG } from './tags';

const offered = new WeakMap<Element, { request: string; nonce: string; setBusy(busy: boolean): void }>();

/**
 * Offers "Sign in with Pouch" next to a sign-in tag the background accepts. The click only asks the
 * background; consent, when needed, is given in an extension window.
 */
export async function offerSignIn(ctx: ContentScriptContext, element: Element): Promise<void> {
  const request = element.textContent?.trim() ?? '';
  if (offered.get(element)?.request === request) return;
  const reply = (await browser.runtime.sendMessage({ type: 'sign-in.tag', request })) as Envelope<{
    merchantName: string;
    nonce: string;
  }>;
  if (!reply.ok) {
    announce(element, 'pouch:sign-in-failed', {
      reason: reply.error.reason ?? reply.error.code,
      message: reply.error.message,
    });
    return;
  }
  const button = renderPouchButton(ctx, element, 'sign-in', browser.i18n.getMessage('signInWithPouch'), () => {
    button.setBusy(true);
    void browser.runtime.sendMessage({ type: 'sign-in.start', request }).then((answer: Envelope<unknown>) => {
      if (answer.ok) return;
      button.setBusy(false);
      announce(element, 'pouch:sign-in-failed', {
        reason: answer.error.reason ?? answer.error.code,
        message: answer.error.message,
      });
    });
  });
  offered.set(element, { request, nonce: reply.data.nonce, setBusy: button.setBusy });
}

/** The background says how a sign-in ended: the page gets the ID token, or the reason, on the tag. */
export function deliverSignInResult(result: SignInResult): void {
  for (const element of document.querySelectorAll(SIGN_IN_TAG)) {
    const offer = offered.get(element);
    if (offer?.nonce !== result.nonce) continue;
    if (result.outcome === 'signed-in') {
      announce(element, 'pouch:signed-in', { idToken: result.idToken });
    } else {
      offer.setBusy(false);
      announce(element, 'pouch:sign-in-failed', { reason: result.reason });
    }
  }
}

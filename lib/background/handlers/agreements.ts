import { TagRefusalSchema } from '../../../protocol/checkout';
import { requireAccount } from '../account';
import { checkoutOver, endCheckout } from '../end-checkout';
import { viaPlatform, WalletError } from '../errors';
import { platformToken, requireUnlocked, withPlatform } from '../platform-session';
import type { Handler } from '../router';
import { requireCheckout, sheetOf } from './sheet';

/**
 * Accepts the password-free agreement the sheet shows, with the PIN (always: it lets a shop charge
 * later without asking), charged to the balance or the card the person chose. Accepted, the checkout ends `agreed` and the page hears `pouch:agreed`; a tag
 * the platform refuses (expired, accepted elsewhere) ends it failed; a wrong PIN leaves it open.
 */
export const sheetAgree: Handler<'sheet.agree'> = async (ctx, { checkoutId, pin, funding }) => {
  const checkout = await requireCheckout(ctx, checkoutId);
  if (checkoutOver(checkout)) return sheetOf(ctx, checkout);
  if (checkout.view.mode !== 'agreement')
    throw new WalletError('invalid_request', 'This tag is a payment: pay it, there is no agreement to accept.');
  await requireUnlocked(ctx);
  const account = await requireAccount(ctx);
  try {
    const agreement = await viaPlatform(async () =>
      ctx
        .platform(account.platformUrl)
        .acceptAgreement(await platformToken(ctx, account), { tag: checkout.tag, pin, funding }),
    );
    const ended = await endCheckout(
      ctx,
      checkout,
      { type: 'checkout.result', orderId: checkout.view.orderId, outcome: 'agreed', agreementId: agreement.id },
      { state: 'agreed', agreed: agreement },
    );
    return sheetOf(ctx, ended);
  } catch (error) {
    const refusal = error instanceof WalletError ? TagRefusalSchema.safeParse(error.reason).data : undefined;
    if (refusal) {
      await endCheckout(
        ctx,
        checkout,
        { type: 'checkout.result', orderId: checkout.view.orderId, outcome: 'failed', reason: refusal },
        { state: 'failed' },
      );
    }
    throw error;
  }
};

/** The wallet's agreements, as the platform holds them (it alone decides what a shop may charge). */
export const agreementsList: Handler<'agreements.list'> = (ctx) =>
  withPlatform(ctx, (platform, token) => platform.agreements(token));

/** Cancels one at once on the platform, then lists them again. */
export const agreementsCancel: Handler<'agreements.cancel'> = (ctx, { agreementId }) =>
  withPlatform(ctx, async (platform, token) => {
    await platform.cancelAgreement(token, agreementId);
    return platform.agreements(token);
  });

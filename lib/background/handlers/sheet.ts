import type { Sheet } from '../../../protocol/checkout';
import type { Account } from '../../../protocol/wallet';
import { bestCoupon, discountFor } from '../../../protocol/coupons';
import type { Checkout } from '../../checkout/checkout-store';
import type { PendingPayment } from '../../db/schema';
import type { BackgroundContext } from '../context';
import { viaPlatform, WalletError } from '../errors';
import { dailyFreeOf } from '../password-free';
import { sendPayment } from '../payments';
import { sameRequest } from '../pending-calls';
import { isUnlocked, platformToken, requireUnlocked } from '../platform-session';
import type { Handler } from '../router';
import { newsSubscription } from './loyalty';
import { requireAccount } from '../account';

export async function requireCheckout(ctx: BackgroundContext, checkoutId: string): Promise<Checkout> {
  const checkout = await ctx.checkouts.get(checkoutId);
  if (!checkout)
    throw new WalletError('checkout_not_found', 'This checkout is no longer open: start again from the shop.');
  return checkout;
}

async function pendingFor(ctx: BackgroundContext, checkoutId: string): Promise<PendingPayment | undefined> {
  return (await (await ctx.db()).getAll('pending')).find((p) => p.checkoutId === checkoutId);
}

type Choices = Pick<PendingPayment, 'funding' | 'couponId' | 'redeemPoints' | 'share'>;
/** How the sheet chose to pay: the way, the coupon, the points, what it shares (none is left out, not false or 0). */
const choicesOf = ({ funding, couponId, redeemPoints, share }: Choices): Choices => ({
  funding,
  ...(couponId && { couponId }),
  ...(redeemPoints && { redeemPoints }),
  ...(share && { share }),
});

/** What the wallet holds to share, when the tag asks for it: read from the platform, which keeps it sealed. */
async function sharingFor(ctx: BackgroundContext, checkout: Checkout, account: Account) {
  if (!checkout.view.share?.length) return null;
  return viaPlatform(async () => ctx.platform(account.platformUrl).sharing(await platformToken(ctx, account)));
}

export async function sheetOf(ctx: BackgroundContext, checkout: Checkout): Promise<Sheet> {
  const account = await requireAccount(ctx);
  if (!(await isUnlocked(ctx, account))) return lockedSheet(checkout, account);
  const db = await ctx.db();
  const { currency } = checkout.view.amount;
  const [balance, cards, coupons, partner, subscription, points, pending, sharing] = await Promise.all([
    db.get('balances', currency),
    db.getAll('cards'),
    db.getAllFromIndex('coupons', 'by-merchant', checkout.view.merchantId),
    db.get('directory', checkout.view.merchantId),
    db.get('subscriptions', checkout.view.merchantId),
    db.get('points', checkout.view.merchantId),
    pendingFor(ctx, checkout.id),
    sharingFor(ctx, checkout, account),
  ]);
  const now = ctx.now();
  const usable = coupons.filter((c) => c.status === 'available');
  const best = bestCoupon(usable, checkout.view.amount, now);
  const applicable = usable
    .map((coupon) => ({
      coupon,
      discount: Date.parse(coupon.expiresAt) > now.getTime() ? discountFor(coupon, checkout.view.amount) : 0,
    }))
    .filter((c) => c.discount > 0)
    .sort((a, b) =>
      a.coupon.id === best?.coupon.id ? -1 : b.coupon.id === best?.coupon.id ? 1 : b.discount - a.discount,
    );
  return {
    checkoutId: checkout.id,
    view: checkout.view,
    locked: false,
    balance: balance ?? { currency, amount: 0 },
    cards: cards.sort((a, b) => Number(b.isDefault) - Number(a.isDefault)),
    passwordFreeLimit: account.passwordFreeLimit,
    dailyFree: dailyFreeOf(account, now),
    coupons: applicable,
    pointsPerUnit: partner?.pointsPerUnit ?? 0,
    points: points?.points ?? 0,
    pointValue: partner?.pointValue ?? 0,
    subscribed: Boolean(subscription),
    pendingChoices: pending ? choicesOf(pending) : null,
    sharing,
    state: checkout.state,
    result: checkout.result,
    agreed: checkout.agreed ?? null,
  };
}

/** Locked, the sheet shows the order and asks for the PIN: what the wallet holds stays hidden. */
function lockedSheet(checkout: Checkout, account: Account): Sheet {
  return {
    checkoutId: checkout.id,
    view: checkout.view,
    locked: true,
    balance: { currency: checkout.view.amount.currency, amount: 0 },
    cards: [],
    passwordFreeLimit: account.passwordFreeLimit,
    dailyFree: null,
    coupons: [],
    pointsPerUnit: 0,
    points: 0,
    pointValue: 0,
    subscribed: false,
    pendingChoices: null,
    sharing: null,
    state: checkout.state,
    result: checkout.result,
    agreed: checkout.agreed ?? null,
  };
}

export const sheetLoad: Handler<'sheet.load'> = async (ctx, { checkoutId }) =>
  sheetOf(ctx, await requireCheckout(ctx, checkoutId));

/**
 * Pays from the sheet. The pending record, with its idempotency key, is written before the platform
 * is called; a retry after "unreachable" reuses it, so the payment can never happen twice.
 */
export const sheetPay: Handler<'sheet.pay'> = async (
  ctx,
  { checkoutId, funding, couponId, redeemPoints, subscribe, pin, share },
) => {
  const checkout = await requireCheckout(ctx, checkoutId);
  if (checkout.state === 'paid') return sheetOf(ctx, checkout);
  if (checkout.view.mode === 'agreement')
    throw new WalletError('invalid_request', 'This tag offers an agreement: accept it, it is not paid.');
  if (checkout.state === 'failed')
    throw new WalletError('checkout_refused', 'This checkout can no longer be paid: start again from the shop.');
  await requireUnlocked(ctx);
  const db = await ctx.db();
  const earlier = await pendingFor(ctx, checkoutId);
  // A try that may have reached the platform is retried as it was: never with choices the sheet no longer shows.
  if (earlier && !sameRequest(choicesOf(earlier), choicesOf({ funding, couponId, redeemPoints, share })))
    throw new WalletError(
      'invalid_request',
      'The first try may have reached Pouch: the retry pays with the same way to pay, coupon and points.',
      [{ field: 'funding', expected: "the first try's choices, while its outcome is unknown" }],
    );
  const pending = earlier ?? {
    idempotencyKey: ctx.newId(),
    createdAt: ctx.now().toISOString(),
    checkoutId,
    tag: checkout.tag,
    funding,
    ...(couponId && { couponId }),
    ...(redeemPoints && { redeemPoints }),
    ...(share && { share }),
  };
  if (!earlier) await db.put('pending', pending);
  const sent = await sendPayment(ctx, pending, pin);
  if (subscribe && sent?.state === 'paid') {
    // Opting in is a convenience after the payment; failing it must not undo or hide the payment.
    await newsSubscription(ctx, { merchantId: checkout.view.merchantId, subscribed: true }, { role: 'ui' }).catch(
      (error) => ctx.log('subscribing after payment failed', error),
    );
  }
  return sheetOf(ctx, sent ?? (await requireCheckout(ctx, checkoutId)));
};

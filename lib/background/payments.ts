import type { z } from 'zod';
import type { PaymentResultSchema } from '../../protocol/api';
import { TagRefusalSchema } from '../../protocol/checkout';
import type { Checkout } from '../checkout/checkout-store';
import type { PendingPayment } from '../db/schema';
import { endCheckout } from './end-checkout';
import type { BackgroundContext } from './context';
import { refusedBy } from './errors';
import { countFreeSpend } from './password-free';
import { resumePending, sendPending, type PendingKind } from './pending-calls';

/**
 * Records a paid payment: history, balance, coupon used, points spent and earned, pending record gone —
 * one transaction — then tells the tab.
 */
async function recordPaid(
  ctx: BackgroundContext,
  pending: PendingPayment,
  result: z.infer<typeof PaymentResultSchema>,
  passwordFree: boolean,
): Promise<Checkout | undefined> {
  if (passwordFree) await countFreeSpend(ctx, paidResult(result).paid);
  const tx = (await ctx.db()).transaction(['transactions', 'balances', 'coupons', 'points', 'pending'], 'readwrite');
  const coupon = pending.couponId ? await tx.objectStore('coupons').get(pending.couponId) : undefined;
  const { merchantId, merchantName, pointsEarned, pointsRedeemed } = result.payment;
  const held = (await tx.objectStore('points').get(merchantId))?.points ?? 0;
  const points = Math.max(held - pointsRedeemed + pointsEarned, 0);
  await Promise.all([
    tx.objectStore('transactions').put(result.transaction),
    ...(result.balance ? [tx.objectStore('balances').put(result.balance)] : []),
    ...(coupon ? [tx.objectStore('coupons').put({ ...coupon, status: 'used' as const })] : []),
    ...(pointsEarned || pointsRedeemed ? [tx.objectStore('points').put({ merchantId, merchantName, points })] : []),
    tx.objectStore('pending').delete(pending.idempotencyKey),
    tx.done,
  ]);
  const checkout = await ctx.checkouts.get(pending.checkoutId);
  if (!checkout) return undefined;
  return endCheckout(
    ctx,
    checkout,
    {
      type: 'checkout.result',
      orderId: checkout.view.orderId,
      outcome: 'paid',
      paymentId: result.payment.id,
      receipt: result.receipt,
    },
    { state: 'paid', result: paidResult(result) },
  );
}

/** The success screen's figures, from the platform's reply: paid is the amount less what coupon and points took off. */
function paidResult(result: z.infer<typeof PaymentResultSchema>): NonNullable<Checkout['result']> {
  const { id, amount, discount, pointsEarned } = result.payment;
  return {
    paymentId: id,
    paid: { amount: amount.amount - discount.amount, currency: amount.currency },
    saved: discount,
    pointsEarned,
    balance: result.balance,
  };
}

type PaymentResult = z.infer<typeof PaymentResultSchema>;

/** Payments from the sheet: sent under their key, recorded with the checkout's end, refusals end the checkout. */
const PAYMENTS: PendingKind<'pending', PaymentResult, Checkout | undefined> = {
  store: 'pending',
  send: (ctx, account, token, pending, pin) =>
    ctx.platform(account.platformUrl).pay(token, pending.idempotencyKey, {
      tag: pending.tag,
      funding: pending.funding,
      ...(pending.couponId && { couponId: pending.couponId }),
      ...(pending.redeemPoints && { redeemPoints: pending.redeemPoints }),
      ...(pending.share && { share: pending.share }),
      ...(pin && { pin }),
    }),
  record: (ctx, pending, result, pin) => recordPaid(ctx, pending, result, pin === undefined),
  async refused(ctx, pending, error) {
    const checkout = await ctx.checkouts.get(pending.checkoutId);
    const refusal = TagRefusalSchema.safeParse(error.code).data;
    if (checkout && refusal) {
      await endCheckout(
        ctx,
        checkout,
        { type: 'checkout.result', orderId: checkout.view.orderId, outcome: 'failed', reason: refusal },
        { state: 'failed' },
      );
    }
    return refusedBy(refusal ? 'checkout_refused' : 'payment_refused', error);
  },
};

/**
 * Sends a pending payment to the platform under its idempotency key (pending-calls.ts): paid, its
 * checkout ends paid; refused, it is removed and the refusal thrown; unreachable, it stays.
 */
export const sendPayment = (ctx: BackgroundContext, pending: PendingPayment, pin?: string) =>
  sendPending(ctx, PAYMENTS, pending, pin);

/**
 * On every worker start: finish or report each payment a stopped worker left pending, exactly once.
 * No PIN is kept, so one that never reached the platform and needed a PIN is reported as failed.
 */
export const resumePendingPayments = (ctx: BackgroundContext) =>
  resumePending(ctx, PAYMENTS, async (payment, error) => {
    const checkout = await ctx.checkouts.get(payment.checkoutId);
    if (checkout) {
      await endCheckout(
        ctx,
        checkout,
        { type: 'checkout.result', orderId: checkout.view.orderId, outcome: 'failed', reason: 'payment_failed' },
        { state: 'failed' },
      );
    }
    ctx.log('a pending payment was refused on resume', error);
  });

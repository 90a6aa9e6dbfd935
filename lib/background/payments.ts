import type { z } from 'zod';
import type { PaymentResultSchema } from '../../protocol/api';
import { TagRefusalSchema } from '../../protocol/checkout';
import type { Money } from '../../protocol/money';
import type { Checkout } from '../checkout/checkout';
import type { PendingPayment } from '../db/schema';
import { PlatformError } from '../platform-client';
import { endCheckout } from './checkouts';
import type { BackgroundContext } from './context';
import { WalletError } from './errors';
import { platformToken, sessionEnded } from './platform-session';
import { serially } from './serial';

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
  if (passwordFree) await countFreeSpend(ctx, result.payment);
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

/** A password-free payment counts against today's total at once; the next refresh brings the platform's count. */
async function countFreeSpend(ctx: BackgroundContext, payment: { amount: Money; discount: Money }): Promise<void> {
  const db = await ctx.db();
  const account = await db.get('account', 'self');
  if (!account?.dailyFreeTotal) return;
  const today = ctx.now().toISOString().slice(0, 10);
  const before = account.freeSpentDay === today ? (account.freeSpentToday?.amount ?? 0) : 0;
  const spent = before + payment.amount.amount - payment.discount.amount;
  const freeSpentToday = { amount: spent, currency: payment.amount.currency };
  await db.put('account', { ...account, freeSpentToday, freeSpentDay: today }, 'self');
}

async function forget(ctx: BackgroundContext, pending: PendingPayment): Promise<void> {
  await (await ctx.db()).delete('pending', pending.idempotencyKey);
}

/**
 * Sends a pending payment to the platform under its idempotency key. Whatever happened to an earlier
 * try — sent or not, answered or not — this one either gets the platform's first reply again or pays.
 * Unreachable: the pending record stays for the next try. Refused: it is removed and the refusal thrown.
 */
export function settle(ctx: BackgroundContext, pending: PendingPayment, pin?: string): Promise<Checkout | undefined> {
  return serially(pending.idempotencyKey, async () => {
    const db = await ctx.db();
    if (!(await db.get('pending', pending.idempotencyKey))) return ctx.checkouts.get(pending.checkoutId);
    const account = await db.get('account', 'self');
    if (!account) throw new WalletError('no_wallet', 'Create a wallet first.');
    let result: z.infer<typeof PaymentResultSchema>;
    try {
      const token = await platformToken(ctx, account);
      result = await ctx.platform(account.platformUrl).pay(token, pending.idempotencyKey, {
        tag: pending.tag,
        funding: pending.funding,
        ...(pending.couponId && { couponId: pending.couponId }),
        ...(pending.redeemPoints && { redeemPoints: pending.redeemPoints }),
        ...(pin && { pin }),
      });
    } catch (error) {
      if (!(error instanceof PlatformError)) throw error;
      if (error.undecided) throw new WalletError('platform_unreachable', error.message, undefined, error.code);
      // Refused before it was looked at: kept for after the PIN unlocks the wallet again.
      if (error.code === 'session_expired') throw await sessionEnded(ctx);
      await forget(ctx, pending);
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
      throw new WalletError(refusal ? 'checkout_refused' : 'payment_refused', error.message, error.issues, error.code);
    }
    return recordPaid(ctx, pending, result, pin === undefined);
  });
}

/**
 * On every worker start: finish or report each payment a stopped worker left pending, exactly once.
 * No PIN is kept, so one that never reached the platform and needed a PIN is reported as failed.
 */
export async function resumePendingPayments(ctx: BackgroundContext): Promise<void> {
  const pending = await (await ctx.db()).getAll('pending');
  for (const payment of pending) {
    try {
      await settle(ctx, payment);
    } catch (error) {
      // Unreachable or locked: it waits, with its key, for the next start or the next unlock.
      if (error instanceof WalletError && (error.code === 'platform_unreachable' || error.code === 'wallet_locked'))
        continue;
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
    }
  }
}

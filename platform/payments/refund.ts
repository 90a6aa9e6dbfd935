import type { z } from 'zod';
import type { RefundBodySchema, RefundResultSchema } from '../../protocol/api';
import type { Platform } from '../context';
import { once, record, type Stored } from '../idempotency';
import { newId, requestHash } from '../ids';
import { accountId, ensureAccount, postTransfer, rollUp, type Leg } from '../ledger/ledger';
import type { Tx } from '../db/connect';
import { alreadyRefunded, InsufficientFunds, merchantBalanceInsufficient, refundExceedsPayment } from '../refusals';
import { enqueueEvent } from '../webhooks/outbox';
import { returnCoupon } from '../loyalty/coupons';
import { reversePoints } from '../loyalty/points';
import { merchantPayment, paymentView } from './payment-view';

type Result = z.infer<typeof RefundResultSchema>;

/**
 * Where a refund's money comes from: escrow while the payment is held; otherwise the merchant's
 * pending balance first, then what has settled to available. Both accounts are locked, pending first
 * (as settlement does), without the key lock that would wait for every payment naming the account.
 */
async function refundSources(
  tx: Tx,
  payment: { escrow_state: string | null; merchant_id: string; currency: string },
  amount: number,
): Promise<Leg[]> {
  const { merchant_id: merchantId, currency } = payment;
  if (payment.escrow_state === 'held' || payment.escrow_state === 'refund_requested') {
    return [{ accountId: accountId('escrow', merchantId, currency), amount: -amount }];
  }
  const pendingId = accountId('merchant_pending', merchantId, currency);
  const availableId = accountId('merchant_available', merchantId, currency);
  // The pending balance must count every committed payment, so its backlog is added first (and locked).
  await rollUp(tx, pendingId);
  const rows = await tx
    .selectFrom('accounts')
    .select(['id', 'balance'])
    .where('id', 'in', [pendingId, availableId])
    .orderBy('id')
    .forNoKeyUpdate()
    .execute();
  const pending = rows.find((r) => r.id === pendingId)?.balance ?? 0;
  const fromPending = Math.min(amount, Math.max(0, pending));
  const legs: Leg[] = [];
  if (fromPending > 0) legs.push({ accountId: pendingId, amount: -fromPending });
  if (amount > fromPending)
    legs.push({
      accountId: await ensureAccount(tx, 'merchant_available', merchantId, currency),
      amount: -(amount - fromPending),
    });
  return legs;
}

type RefundedPayment = Awaited<ReturnType<typeof merchantPayment>>;

/**
 * How much a refund gives back: what the shopper paid (the amount less coupon and points) not yet
 * refunded, or less when the merchant says; never more, and nothing from a payment refunded whole.
 */
export function refundAmount(
  payment: Pick<RefundedPayment, 'amount' | 'discount' | 'refunded_amount'>,
  requested: number | undefined,
): number {
  const paid = payment.amount - payment.discount;
  const remaining = paid - payment.refunded_amount;
  if (remaining === 0) throw alreadyRefunded();
  const amount = requested ?? remaining;
  if (amount > remaining) throw refundExceedsPayment(remaining);
  return amount;
}

/** Moves the money back to where it came from: the wallet's balance, or the card network for a card. */
async function postRefund(tx: Tx, payment: RefundedPayment, amount: number): Promise<void> {
  const to =
    payment.funding === 'card'
      ? await ensureAccount(tx, 'card_clearing', 'network', payment.currency)
      : await ensureAccount(tx, 'wallet', payment.wallet_id, payment.currency);
  const sources = await refundSources(tx, payment, amount);
  try {
    await postTransfer(
      tx,
      {
        id: newId('tr'),
        kind: 'refund',
        wallet_id: payment.wallet_id,
        merchant_id: payment.merchant_id,
        payment_id: payment.id,
        title: `Refund · ${payment.merchant_name} · ${payment.label}`,
        amount,
        currency: payment.currency,
      },
      [...sources, { accountId: to, amount }],
    );
  } catch (error) {
    if (error instanceof InsufficientFunds) throw merchantBalanceInsufficient();
    throw error;
  }
}

/** The payment's new refunded total and status; a full refund also gives back the coupon and the points. */
async function markRefunded(p: Platform, tx: Tx, payment: RefundedPayment, amount: number) {
  const paid = payment.amount - payment.discount;
  const refunded = payment.refunded_amount + amount;
  const full = refunded === paid;
  const held = payment.escrow_state === 'held' || payment.escrow_state === 'refund_requested';
  const updated = await tx
    .updateTable('payments')
    .set({
      refunded_amount: refunded,
      status: full ? 'refunded' : 'partially_refunded',
      ...(held && full && { escrow_state: 'refunded' as const }),
    })
    .where('id', '=', payment.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (full && payment.coupon_id) await returnCoupon(tx, payment.coupon_id, p.now());
  if (full) await reversePoints(tx, payment.wallet_id, payment.merchant_id, payment);
  return updated;
}

/**
 * Refunds all or part of a payment, idempotently. The payment row is locked, so two refunds racing
 * on one payment can never together give back more than was paid.
 */
export async function refund(
  p: Platform,
  merchantId: string,
  paymentId: string,
  key: string,
  body: z.infer<typeof RefundBodySchema>,
): Promise<Stored<Result> & { replayed: boolean }> {
  const scope = `merchant:${merchantId}`;
  const hash = requestHash({ op: 'refund', paymentId, ...body });
  const outcome = await once(p.db, scope, key, hash, () =>
    p.db.transaction().execute(async (tx) => {
      const payment = await merchantPayment(tx, merchantId, paymentId, true);
      const amount = refundAmount(payment, body.amount);
      await postRefund(tx, payment, amount);
      const updated = await markRefunded(p, tx, payment, amount);
      const refundId = newId('re');
      const row = await tx
        .insertInto('refunds')
        .values({
          id: refundId,
          payment_id: paymentId,
          amount,
          currency: payment.currency,
          reason: body.reason ?? null,
        })
        .returning('created_at')
        .executeTakeFirstOrThrow();
      const view = paymentView(updated, payment.merchant_name);
      const refundView = {
        id: refundId,
        paymentId,
        amount: { amount, currency: payment.currency },
        createdAt: row.created_at.toISOString(),
      };
      await enqueueEvent(tx, { id: merchantId, webhook_url: payment.webhook_url }, 'payment.refunded', {
        refund: refundView,
        payment: view,
      });
      const stored: Stored<Result> = { status: 201, body: { refund: refundView, payment: view } };
      await record(tx, { scope, key, hash }, stored);
      if (payment.card_charge_id) {
        await p.cards.refund({ chargeId: payment.card_charge_id, amount, idempotencyKey: `${scope}:${key}` });
      }
      return stored;
    }),
  );
  if (!outcome.replayed) p.kickWebhooks();
  return outcome;
}

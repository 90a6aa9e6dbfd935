import type { z } from 'zod';
import type { RefundBody, RefundResult } from '../../protocol/api';
import type { Platform } from '../context';
import { claim, once, remember, type Stored } from '../idempotency';
import { newId, requestHash } from '../ids';
import { accountId, ensureAccount, InsufficientFunds, postTransfer, type Leg, type Tx } from '../ledger/ledger';
import { ApiError } from '../problem';
import { enqueueEvent } from '../webhooks/outbox';
import { returnCoupon } from '../loyalty/coupons';
import { reversePoints } from '../loyalty/points';
import { merchantPayment, paymentView } from './payment-view';

type Result = z.infer<typeof RefundResult>;

/**
 * Where a refund's money comes from: escrow while the payment is held; otherwise the merchant's
 * pending balance first, then what has settled to available. Both accounts are locked, in id order.
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
  const rows = await tx
    .selectFrom('accounts')
    .select(['id', 'balance'])
    .where('id', 'in', [pendingId, availableId])
    .orderBy('id')
    .forUpdate()
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

/**
 * Refunds all or part of a payment, idempotently. The payment row is locked, so two refunds racing
 * on one payment can never together give back more than was paid.
 */
export async function refund(
  p: Platform,
  merchantId: string,
  paymentId: string,
  key: string,
  body: z.infer<typeof RefundBody>,
): Promise<Stored<Result> & { replayed: boolean }> {
  const scope = `merchant:${merchantId}`;
  const hash = requestHash({ op: 'refund', paymentId, ...body });
  const outcome = await once(p.db, scope, key, hash, () =>
    p.db.transaction().execute(async (tx) => {
      await claim(tx, scope, key, hash);
      const payment = await merchantPayment(tx, merchantId, paymentId, true);
      // Refunds give back what the shopper paid: the amount less the coupon's and the points' saving.
      const paid = payment.amount - payment.discount;
      const remaining = paid - payment.refunded_amount;
      const amount = body.amount ?? remaining;
      if (remaining === 0) throw new ApiError(409, 'already_refunded', 'This payment is already fully refunded.');
      if (amount > remaining) {
        throw new ApiError(409, 'refund_exceeds_payment', `At most ${remaining} minor units remain to refund.`, [
          { field: 'amount', expected: `at most ${remaining}` },
        ]);
      }
      const to =
        payment.funding === 'card'
          ? await ensureAccount(tx, 'card_clearing', 'network', payment.currency)
          : await ensureAccount(tx, 'wallet', payment.wallet_id, payment.currency);
      const refundId = newId('re');
      const sources = await refundSources(tx, payment, amount);
      try {
        await postTransfer(
          tx,
          {
            id: newId('tr'),
            kind: 'refund',
            wallet_id: payment.wallet_id,
            merchant_id: merchantId,
            payment_id: paymentId,
            title: `Refund · ${payment.merchant_name} · ${payment.label}`,
            amount,
            currency: payment.currency,
          },
          [...sources, { accountId: to, amount }],
        );
      } catch (error) {
        if (error instanceof InsufficientFunds)
          throw new ApiError(409, 'merchant_balance_insufficient', 'The merchant balance cannot cover this refund.');
        throw error;
      }
      const refunded = payment.refunded_amount + amount;
      const held = payment.escrow_state === 'held' || payment.escrow_state === 'refund_requested';
      const updated = await tx
        .updateTable('payments')
        .set({
          refunded_amount: refunded,
          status: refunded === paid ? 'refunded' : 'partially_refunded',
          ...(held && refunded === paid && { escrow_state: 'refunded' as const }),
        })
        .where('id', '=', paymentId)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (refunded === paid && payment.coupon_id) await returnCoupon(tx, payment.coupon_id, p.now());
      if (refunded === paid) await reversePoints(tx, payment.wallet_id, merchantId, payment);
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
      await remember(tx, scope, key, stored);
      if (payment.card_charge_id) {
        await p.cards.refund({ chargeId: payment.card_charge_id, amount, idempotencyKey: `${scope}:${key}` });
      }
      return stored;
    }),
  );
  if (!outcome.replayed) p.kickWebhooks();
  return outcome;
}

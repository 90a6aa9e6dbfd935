import type { WebhookEvent } from '../../protocol/webhook';
import type { Platform } from '../context';
import { accountId, ensureAccount, postBetween } from '../ledger/ledger';
import type { Tx } from '../db/connect';
import type { PaymentsTable } from '../db/schema';
import { escrowIs, escrowPaymentNotFound, noRefundRequest, notEscrow } from '../refusals';
import { enqueueEvent } from '../webhooks/outbox';
import { paymentView } from './payment-view';

async function heldPayment(tx: Tx, paymentId: string, who: { walletId?: string; merchantId?: string }) {
  let query = tx
    .selectFrom('payments')
    .innerJoin('merchants', 'merchants.id', 'payments.merchant_id')
    .selectAll('payments')
    .select(['merchants.name as merchant_name', 'merchants.webhook_url'])
    .where('payments.id', '=', paymentId);
  if (who.walletId) query = query.where('payments.wallet_id', '=', who.walletId);
  if (who.merchantId) query = query.where('payments.merchant_id', '=', who.merchantId);
  const payment = await query.forUpdate('payments').executeTakeFirst();
  if (!payment) throw escrowPaymentNotFound();
  const state = payment.escrow_state;
  if (!state) throw notEscrow();
  return { ...payment, escrow_state: state };
}

type Held = Awaited<ReturnType<typeof heldPayment>>;
type EscrowState = Held['escrow_state'];

/**
 * The escrow step needs the payment in `wanted` (held, to confirm or ask for a refund; refund_requested,
 * to decline): any other state refuses, naming it.
 */
export function mustBe(current: EscrowState, wanted: EscrowState): void {
  if (current === wanted) return;
  if (wanted === 'refund_requested') throw noRefundRequest();
  throw escrowIs(current, wanted);
}

/** What a step writes besides the state: the buyer's reason for a request, the shop's words declining one. */
type Words = Partial<Pick<PaymentsTable, 'refund_request_reason' | 'refund_decline_message'>>;

/** Records the payment's new escrow state and tells the merchant, in the caller's transaction. */
async function moveTo(
  tx: Tx,
  payment: Held,
  state: EscrowState,
  event: WebhookEvent['type'],
  extra: Record<string, string> = {},
  words: Words = {},
) {
  const updated = await tx
    .updateTable('payments')
    .set({ escrow_state: state, ...words })
    .where('id', '=', payment.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const view = paymentView(updated, payment.merchant_name);
  await enqueueEvent(tx, { id: payment.merchant_id, webhook_url: payment.webhook_url }, event, {
    payment: view,
    ...extra,
  });
  return view;
}

/** Moves the held money to the merchant: the buyer confirmed, or the hold ran out. */
async function release(tx: Tx, payment: Held, reason: 'confirmed' | 'timeout') {
  const paid = payment.amount - payment.discount - payment.refunded_amount;
  const to = await ensureAccount(tx, 'merchant_pending', payment.merchant_id, payment.currency);
  await postBetween(tx, accountId('escrow', payment.merchant_id, payment.currency), to, {
    kind: 'release',
    wallet_id: payment.wallet_id,
    merchant_id: payment.merchant_id,
    payment_id: payment.id,
    title: `Released to ${payment.merchant_name} · ${payment.label}`,
    amount: paid,
    currency: payment.currency,
  });
  return moveTo(tx, payment, 'released', 'payment.released', { reason });
}

/** One escrow step in its own transaction, then the webhook worker is woken. */
async function step<T>(p: Platform, work: (tx: Tx) => Promise<T>): Promise<T> {
  const result = await p.db.transaction().execute(work);
  p.kickWebhooks();
  return result;
}

/** The buyer received the goods: release now. */
export const confirmReceipt = (p: Platform, walletId: string, paymentId: string) =>
  step(p, async (tx) => {
    const payment = await heldPayment(tx, paymentId, { walletId });
    mustBe(payment.escrow_state, 'held');
    return release(tx, payment, 'confirmed');
  });

/** The buyer asks for the money back before release; the hold pauses until the merchant answers. */
export const requestRefund = (p: Platform, walletId: string, paymentId: string, reason: string) =>
  step(p, async (tx) => {
    const payment = await heldPayment(tx, paymentId, { walletId });
    mustBe(payment.escrow_state, 'held');
    return moveTo(
      tx,
      payment,
      'refund_requested',
      'payment.refund_requested',
      { reason },
      {
        refund_request_reason: reason,
        refund_decline_message: null,
      },
    );
  });

/**
 * The merchant declines a refund request, maybe saying why (the buyer reads it in the wallet): the
 * payment is held again, and releases as before.
 */
export const declineRefundRequest = (p: Platform, merchantId: string, paymentId: string, message?: string) =>
  step(p, async (tx) => {
    const payment = await heldPayment(tx, paymentId, { merchantId });
    mustBe(payment.escrow_state, 'refund_requested');
    const said: Record<string, string> = message ? { message } : {};
    return moveTo(tx, payment, 'held', 'payment.refund_declined', said, { refund_decline_message: message ?? null });
  });

/** Releases every held payment whose hold ran out; run by each process's sweeper, safe to race. */
export async function releaseDueEscrows(p: Platform): Promise<number> {
  const due = await p.db
    .selectFrom('payments')
    .select('id')
    .where('escrow_state', '=', 'held')
    .where('release_after', '<=', p.now())
    .limit(100)
    .execute();
  let released = 0;
  for (const { id } of due) {
    await p.db.transaction().execute(async (tx) => {
      const payment = await heldPayment(tx, id, {});
      if (payment.escrow_state === 'held' && payment.release_after && payment.release_after <= p.now()) {
        await release(tx, payment, 'timeout');
        released++;
      }
    });
  }
  if (released) p.kickWebhooks();
  return released;
}

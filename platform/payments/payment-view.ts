import type { Selectable } from 'kysely';
import type { PaymentView } from '../../protocol/api';
import type { DB, Tx } from '../db/connect';
import type { PaymentsTable } from '../db/schema';
import { olderThan, pageOf } from '../paging';
import { merchantPaymentNotFound } from '../refusals';

export function paymentView(row: Selectable<PaymentsTable>, merchantName: string): PaymentView {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    merchantName,
    orderId: row.order_id,
    label: row.label,
    amount: { amount: row.amount, currency: row.currency },
    discount: { amount: row.discount, currency: row.currency },
    pointsEarned: row.points_earned,
    pointsRedeemed: row.points_redeemed,
    pointsDiscount: { amount: row.points_discount, currency: row.currency },
    ...(row.escrow_state && {
      escrow: {
        state: row.escrow_state,
        releaseAfter: (row.release_after ?? row.created_at).toISOString(),
        ...(row.refund_request_reason && { requestReason: row.refund_request_reason }),
        ...(row.refund_decline_message && { declineMessage: row.refund_decline_message }),
      },
    }),
    refunded: { amount: row.refunded_amount, currency: row.currency },
    status: row.status,
    funding: row.funding,
    ...(row.agreement_id && { agreementId: row.agreement_id }),
    createdAt: row.created_at.toISOString(),
  };
}

/** Whose payment a request reaches it through: the shopper's wallet, or the shop. */
export type PaymentSide = { walletId: string } | { merchantId: string };

/**
 * The side's payment, with its shop's name and webhook URL (locked for an update when asked); undefined
 * for a payment that is not theirs, which each caller refuses in its own words.
 */
export function sidePayment(db: DB | Tx, side: PaymentSide, paymentId: string, forUpdate = false) {
  let query = db
    .selectFrom('payments')
    .innerJoin('merchants', 'merchants.id', 'payments.merchant_id')
    .selectAll('payments')
    .select(['merchants.name as merchant_name', 'merchants.webhook_url'])
    .where('payments.id', '=', paymentId);
  query =
    'walletId' in side
      ? query.where('payments.wallet_id', '=', side.walletId)
      : query.where('payments.merchant_id', '=', side.merchantId);
  if (forUpdate) query = query.forUpdate('payments');
  return query.executeTakeFirst();
}

export async function merchantPayment(db: DB | Tx, merchantId: string, paymentId: string, forUpdate = false) {
  const row = await sidePayment(db, { merchantId }, paymentId, forUpdate);
  if (!row) throw merchantPaymentNotFound();
  return row;
}

/**
 * Which of a shop's payments a list holds: one order, one state, made from `from` and before `before`,
 * or charged under one agreement.
 */
export interface PaymentFilter {
  orderId?: string;
  agreementId?: string;
  status?: PaymentView['status'];
  from?: Date;
  before?: Date;
}

/** A merchant's payments, newest first, a page at a time, maybe only those the filter names. */
export async function listPayments(
  db: DB,
  merchantId: string,
  limit: number,
  cursor?: string,
  filter: PaymentFilter = {},
) {
  let query = db
    .selectFrom('payments')
    .innerJoin('merchants', 'merchants.id', 'payments.merchant_id')
    .selectAll('payments')
    .select('merchants.name as merchant_name')
    .where('payments.merchant_id', '=', merchantId);
  if (filter.orderId !== undefined) query = query.where('payments.order_id', '=', filter.orderId);
  if (filter.agreementId !== undefined) query = query.where('payments.agreement_id', '=', filter.agreementId);
  if (filter.status) query = query.where('payments.status', '=', filter.status);
  if (filter.from) query = query.where('payments.created_at', '>=', filter.from);
  if (filter.before) query = query.where('payments.created_at', '<', filter.before);
  if (cursor) query = query.where(olderThan(cursor, 'payments.created_at', 'payments.id'));
  const rows = await query
    .orderBy('payments.created_at', 'desc')
    .orderBy('payments.id', 'desc')
    .limit(limit + 1)
    .execute();
  const { page, nextCursor } = pageOf(rows, limit);
  return { items: page.map((row) => paymentView(row, row.merchant_name)), nextCursor };
}

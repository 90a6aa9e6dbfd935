import type { OrderMessage, PaymentView } from '../../protocol/api';
import type { Money } from '../../protocol/money';
import { ApiError } from '../api-error';
import type { DB } from '../db/connect';
import { linesOf } from '../payments/order-messages';
import { merchantPayment, paymentView } from '../payments/payment-view';
import { eventDeliveries } from '../webhooks/deliveries';

/** Everything the console shows of one payment. */
export interface PaymentDetail {
  payment: PaymentView;
  /** The platform-signed receipt JWT the shopper's wallet holds. */
  receipt: string;
  refunds: { id: string; amount: Money; reason: string | null; createdAt: string }[];
  deliveries: Awaited<ReturnType<typeof eventDeliveries>>;
  /** What the shopper wrote about the order, and the shop's answers, oldest first. */
  conversation: OrderMessage[];
}

/** The shop's payment row, or null for an id that is not one of its payments. */
async function shopPaymentRow(db: DB, merchantId: string, paymentId: string) {
  try {
    return await merchantPayment(db, merchantId, paymentId);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** The shop's payment as the API shows it, or null for an id that is not one of its payments. */
export async function shopPayment(db: DB, merchantId: string, paymentId: string): Promise<PaymentView | null> {
  const row = await shopPaymentRow(db, merchantId, paymentId);
  return row && paymentView(row, row.merchant_name);
}

/** One of the shop's payments with its refunds, webhook deliveries and conversation; null when it is not the shop's. */
export async function paymentDetail(db: DB, merchantId: string, paymentId: string): Promise<PaymentDetail | null> {
  const row = await shopPaymentRow(db, merchantId, paymentId);
  if (!row) return null;
  const [refunds, deliveries, conversation] = await Promise.all([
    db
      .selectFrom('refunds')
      .select(['id', 'amount', 'currency', 'reason', 'created_at'])
      .where('payment_id', '=', paymentId)
      .orderBy('created_at')
      .execute(),
    eventDeliveries(db, merchantId, { paymentId }),
    linesOf(db, paymentId),
  ]);
  return {
    payment: paymentView(row, row.merchant_name),
    receipt: row.receipt,
    refunds: refunds.map((r) => ({
      id: r.id,
      amount: { amount: r.amount, currency: r.currency },
      reason: r.reason,
      createdAt: r.created_at.toISOString(),
    })),
    deliveries,
    conversation,
  };
}

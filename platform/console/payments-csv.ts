import { csvField } from '../../protocol/csv';
import { formatMajorUnits } from '../../protocol/money-format';
import type { DB } from '../db/connect';
import { listPayments, type PaymentFilter } from '../payments/payment-view';
import { paid } from './refund-form';

/** The most payments one download holds; more asks for a narrower filter rather than a cut file. */
export const CSV_LIMIT = 10_000;

const HEADER = [
  'created_at_utc',
  'payment_id',
  'order_id',
  'label',
  'currency',
  'amount',
  'discount',
  'paid',
  'refunded',
  'status',
  'escrow',
  'paid_from',
];

/**
 * The payments the filter shows, newest first, as CSV with amounts in major units ("68.00"); null when
 * more than CSV_LIMIT match. Order ids and labels are the shop's words, defused for spreadsheets.
 */
export async function paymentsCsv(db: DB, merchantId: string, filter: PaymentFilter): Promise<string | null> {
  const { items, nextCursor } = await listPayments(db, merchantId, CSV_LIMIT, undefined, filter);
  if (nextCursor) return null;
  const major = (amount: number, currency: string) => formatMajorUnits({ amount, currency });
  const lines = items.map((p) => {
    const { currency } = p.amount;
    return [
      csvField(p.createdAt),
      csvField(p.id),
      csvField(p.orderId, true),
      csvField(p.label, true),
      csvField(currency),
      csvField(major(p.amount.amount, currency)),
      csvField(major(p.discount.amount, currency)),
      csvField(major(paid(p).amount, currency)),
      csvField(major(p.refunded.amount, currency)),
      csvField(p.status),
      csvField(p.escrow?.state),
      csvField(p.funding),
    ].join(',');
  });
  return [HEADER.join(','), ...lines].join('\n') + '\n';
}

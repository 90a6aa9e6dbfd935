import type { Transaction } from '../../../protocol/wallet';
import { formatMajorUnits } from '../../../protocol/money-format';
import { csvField } from '../../../protocol/csv';
import { balanceEffect } from './balance-effect';

/** Every field of a history row, in this order; the headers come in the reader's language. */
export const CSV_COLUMNS = [
  'id',
  'createdAt',
  'kind',
  'title',
  'amount',
  'currency',
  'status',
  'merchantId',
  'paymentId',
  'orderId',
  'orderAmount',
  'couponDiscount',
  'pointsDiscount',
  'pointsEarned',
  'pointsRedeemed',
  'agreementId',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
/** Columns holding text a shop wrote, which a spreadsheet must not run. */
const SHOP_TEXT = new Set<CsvColumn>(['title', 'orderId']);

/** A sum of major units, minus for money out; 0 for a line that did not change the balance. */
const major = (money: Transaction['amount'] | undefined, sign: -1 | 0 | 1 = 1) =>
  money && formatMajorUnits({ ...money, amount: money.amount * sign });

const cells = (t: Transaction, title: (t: Transaction) => string): Record<CsvColumn, string | number | undefined> => ({
  id: t.id,
  createdAt: t.createdAt,
  kind: t.kind,
  title: title(t),
  // What the line did to the balance, so a spreadsheet's sum of the column is the balance's change.
  amount: major(t.amount, balanceEffect(t)),
  currency: t.amount.currency,
  status: t.status,
  merchantId: t.merchantId,
  paymentId: t.paymentId,
  orderId: t.orderId,
  orderAmount: major(t.orderAmount),
  couponDiscount: major(t.couponDiscount),
  pointsDiscount: major(t.pointsDiscount),
  pointsEarned: t.pointsEarned,
  pointsRedeemed: t.pointsRedeemed,
  agreementId: t.agreementId,
});

/**
 * The history as CSV with a byte-order mark, so spreadsheet programs read Chinese titles as UTF-8; the
 * headers and each line's title in the reader's language.
 */
export function historyCsv(
  items: Transaction[],
  header: (column: CsvColumn) => string,
  title: (t: Transaction) => string = (t) => t.title,
): string {
  const lines = [CSV_COLUMNS.map((column) => csvField(header(column), true)).join(',')];
  for (const item of items) {
    const row = cells(item, title);
    lines.push(CSV_COLUMNS.map((column) => csvField(row[column], SHOP_TEXT.has(column))).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

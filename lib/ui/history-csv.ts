import type { Transaction } from '../../protocol/wallet';
import { formatMajorUnits } from '../../protocol/money-format';

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
  'pointsEarned',
  'pointsRedeemed',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. Text a shop wrote (titles)
 * that a spreadsheet would run as a formula (= + - @, tab, CR first) is prefixed with an apostrophe.
 */
function field(value: string | number | undefined, text: boolean): string {
  if (value === undefined) return '';
  let cell = String(value);
  if (text && /^[=+\-@\t\r]/.test(cell)) cell = `'${cell}`;
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

const cells = (t: Transaction, title: (t: Transaction) => string): Record<CsvColumn, string | number | undefined> => ({
  id: t.id,
  createdAt: t.createdAt,
  kind: t.kind,
  title: title(t),
  amount: formatMajorUnits(t.amount),
  currency: t.amount.currency,
  status: t.status,
  merchantId: t.merchantId,
  paymentId: t.paymentId,
  pointsEarned: t.pointsEarned,
  pointsRedeemed: t.pointsRedeemed,
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
  const lines = [CSV_COLUMNS.map((column) => field(header(column), true)).join(',')];
  for (const item of items) {
    const row = cells(item, title);
    lines.push(CSV_COLUMNS.map((column) => field(row[column], column === 'title')).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

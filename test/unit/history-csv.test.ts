import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, historyCsv } from '../../lib/ui/history/history-csv';
import type { Transaction } from '../../protocol/wallet';

const row = (over: Partial<Transaction>): Transaction => ({
  id: 't_1',
  createdAt: '2026-11-24T12:00:00.000Z',
  kind: 'payment',
  title: 'Demo Shop',
  amount: { amount: 6_850, currency: 'CNY' },
  status: 'succeeded',
  ...over,
});

describe('the history as CSV', () => {
  it('has every column, headers in the reader’s words, amounts in major units', () => {
    const csv = historyCsv(
      [
        row({
          merchantId: 'm_1',
          paymentId: 'pay_1',
          pointsEarned: 68,
          orderId: 'o-9',
          orderAmount: { amount: 8_850, currency: 'CNY' },
          couponDiscount: { amount: 1_000, currency: 'CNY' },
          pointsDiscount: { amount: 1_000, currency: 'CNY' },
          agreementId: 'agr_1',
        }),
        row({ id: 't_2', kind: 'topup', amount: { amount: 5, currency: 'JPY' } }),
        row({ id: 't_3', kind: 'withdrawal', amount: { amount: 5, currency: 'JPY' } }),
        row({ id: 't_4', kind: 'release' }),
      ],
      (column) => `H:${column}`,
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.map((c) => `H:${c}`).join(','));
    // Money out is negative and a release (held money moving on to the shop) leaves the balance as it was.
    expect(lines[1]).toBe(
      't_1,2026-11-24T12:00:00.000Z,payment,Demo Shop,-68.50,CNY,succeeded,m_1,pay_1,o-9,88.50,10.00,10.00,68,,agr_1',
    );
    expect(lines[2]).toBe('t_2,2026-11-24T12:00:00.000Z,topup,Demo Shop,5,JPY,succeeded,,,,,,,,,');
    expect(lines[3]).toBe('t_3,2026-11-24T12:00:00.000Z,withdrawal,Demo Shop,-5,JPY,succeeded,,,,,,,,,');
    expect(lines[4]).toBe('t_4,2026-11-24T12:00:00.000Z,release,Demo Shop,0.00,CNY,succeeded,,,,,,,,,');
    expect(lines[5]).toBe('');
  });

  it('quotes commas, quotes and line breaks, and defuses formulas a shop could put in a title', () => {
    const csv = historyCsv(
      [
        row({ title: 'Tea, "green"\nbox' }),
        row({ title: '=HYPERLINK("http://evil")' }),
        row({ title: '@SUM(A1)' }),
        row({ orderId: '-2+3' }),
      ],
      (column) => column,
    );
    const body = csv.slice(1);
    expect(body).toContain('"Tea, ""green""\nbox"');
    expect(body).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(body).toContain(",'@SUM(A1),");
    expect(body).toContain(",'-2+3,");
  });
});

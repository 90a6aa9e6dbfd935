import { describe, expect, it } from 'vitest';
import { matchesSearch } from '../../lib/ui/history/history-search';
import type { Transaction } from '../../protocol/wallet';

const tx: Transaction = {
  id: 't_1',
  createdAt: '2026-11-24T12:00:00.000Z',
  kind: 'payment',
  title: 'Demo Shop',
  amount: { amount: 6_850, currency: 'CNY' },
  orderId: 'order-42',
  paymentId: 'pay_9',
  status: 'succeeded',
};
const shown = 'Pouch Demo Shop · Green tea ¥68.50';

describe('searching the history', () => {
  it('finds a line by any of its words, its ids or its amount, in any case and width', () => {
    for (const search of ['', '  ', 'green', 'DEMO tea', 'order-42', 'pay_9', '¥68.50', '68.5', '68', 'ｇｒｅｅｎ'])
      expect(matchesSearch(tx, search, shown), search).toBe(true);
  });

  it('needs every word typed', () => {
    for (const search of ['coffee', 'green coffee', '69', 'order-43'])
      expect(matchesSearch(tx, search, shown), search).toBe(false);
  });
});

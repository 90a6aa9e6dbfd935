import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, migrations } from '../../lib/db/migrations';
import { openWalletDB } from '../../lib/db/open';

let n = 0;

/** Creates a database exactly as a wallet at `version` left it, with data of that version's shape. */
async function seedAt(version: number): Promise<string> {
  const name = `pouch-migrate-${version}-${++n}`;
  const db = await openDB(name, version, {
    upgrade(raw, old, _new, tx) {
      void (async () => {
        for (let v = old; v < version; v++) await migrations[v](raw as never, tx as never);
      })().catch(() => tx.abort());
    },
  });
  await db.put(
    'account',
    {
      walletId: 'w_1',
      platformUrl: 'http://p.test',
      passwordFreeLimit: { amount: 20000, currency: 'CNY' },
      createdAt: '2026-01-01T00:00:00Z',
    },
    'self',
  );
  await db.put('balances', { currency: 'CNY', amount: 5000 });
  await db.put('transactions', {
    id: 't_1',
    createdAt: '2026-01-02T00:00:00Z',
    kind: 'topup',
    title: 'Top-up',
    amount: { amount: 5000, currency: 'CNY' },
    status: 'succeeded',
  });
  const message = { id: 'msg', merchantId: 'm', merchantName: 'Shop', text: 'Hi', receivedAt: '2026-01-03T00:00:00Z' };
  if (version === 1) {
    await db.put('inbox', { ...message, id: 'read', read: true });
    await db.put('inbox', { ...message, id: 'unread', read: false });
  } else {
    await db.put('inbox', { ...message, id: 'read', unread: 0 });
    await db.put('inbox', { ...message, id: 'unread', unread: 1 });
  }
  db.close();
  return name;
}

describe('wallet database migrations', () => {
  it('creates the latest schema from nothing', async () => {
    const db = await openWalletDB(`pouch-fresh-${++n}`);
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual([
      'account',
      'balances',
      'cards',
      'coupons',
      'device',
      'directory',
      'inbox',
      'meta',
      'offers',
      'pending',
      'pendingMoves',
      'points',
      'subscriptions',
      'transactions',
    ]);
    expect([...db.transaction('inbox').store.indexNames].sort()).toEqual(['by-received', 'by-unread']);
    db.close();
  });

  for (let version = 1; version < DB_VERSION; version++) {
    it(`upgrades a wallet saved at version ${version} without losing data`, async () => {
      const db = await openWalletDB(await seedAt(version));
      expect(db.version).toBe(DB_VERSION);
      expect(await db.get('account', 'self')).toMatchObject({ walletId: 'w_1' });
      expect(await db.get('balances', 'CNY')).toEqual({ currency: 'CNY', amount: 5000 });
      expect(await db.count('transactions')).toBe(1);
      expect(await db.get('inbox', 'read')).toMatchObject({ unread: 0 });
      expect(await db.get('inbox', 'unread')).toMatchObject({ unread: 1 });
      expect(await db.get('inbox', 'unread')).not.toHaveProperty('read');
      expect(await db.countFromIndex('inbox', 'by-unread', 1)).toBe(1);
      expect(await db.count('offers')).toBe(0);
      expect(await db.count('pendingMoves')).toBe(0);
      expect([...db.transaction('coupons').store.indexNames].sort()).toEqual([
        'by-expiry',
        'by-merchant',
        'by-status-expiry',
      ]);
      db.close();
    });
  }
});

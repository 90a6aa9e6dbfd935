import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerViolations } from '../support/ledger-invariants';
import { BACKENDS, stalePin, startTestPlatform, type TestPlatform } from '../support/platform';
import { TestWallet } from '../support/wallet-client';

describe.each(BACKENDS)('withdrawals on %s', (backend) => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startTestPlatform(backend);
  });
  afterAll(() => platform?.close());

  it('takes money out to the bank only with the PIN, once per key, never above the balance', async () => {
    const wallet = await TestWallet.create(platform.url, '246810');
    await wallet.topUp(await wallet.addCard(), 50_000);
    const account = { holder: 'Li Lei', accountNumber: '6222020000009876' };
    const out = (amount: number, key = randomUUID(), pin?: string) =>
      wallet.call(
        'POST',
        '/v1/wallet/withdrawals',
        { amount: { amount, currency: 'CNY' }, ...(pin && { pin }) },
        { 'idempotency-key': key },
      );

    // A session token alone, as anyone at an unlocked browser has it, moves nothing.
    await stalePin(platform, wallet);
    expect((await wallet.call('PUT', '/v1/wallet/withdrawal-account', account)).body.code).toBe('pin_required');
    expect((await out(10_000)).body.code).toBe('pin_required');
    const set = await wallet.call('PUT', '/v1/wallet/withdrawal-account', { ...account, pin: '246810' });
    expect(set.body).toEqual({ holder: 'Li Lei', last4: '9876' });

    const key = randomUUID();
    const first = await out(20_000, key);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      transaction: { kind: 'withdrawal', title: 'Withdrawal to bank •••• 9876', status: 'succeeded' },
      balance: { amount: 30_000 },
    });
    const again = await out(20_000, key);
    expect(again.body.transaction.id).toBe(first.body.transaction.id);
    expect(await wallet.balance()).toBe(30_000);

    const tooMuch = await out(30_001, randomUUID(), '246810');
    expect([tooMuch.status, tooMuch.body.code]).toEqual([409, 'insufficient_balance']);
    expect(tooMuch.body.issues).toEqual([{ field: 'amount.amount', expected: 'at most the balance' }]);
    const history = (await wallet.call('GET', '/v1/wallet/transactions')).body.items;
    expect(history.filter((t: { kind: string }) => t.kind === 'withdrawal')).toHaveLength(1);
    expect(await ledgerViolations(platform.platform.db)).toEqual([]);
  });
});

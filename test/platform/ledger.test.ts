import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accountId, balanceOf, postTransfer, rollUpBacklogs } from '../../platform/ledger/ledger';
import { InsufficientFunds } from '../../platform/refusals';
import { merchantBalance, runSettlement } from '../../platform/settlement/settlement';
import { ledgerViolations } from '../support/ledger-invariants';
import { BACKENDS, type TestPlatform, platformWithShop } from '../support/platform';
import { signUpMerchant, TestWallet, type TestMerchant } from '../support/wallet-client';

/**
 * Property: whatever sequence of top-ups, payments, refunds, declines and replays happens, the
 * ledger keeps every invariant, and a wallet's balance is exactly what its successful operations say.
 */
describe.each(BACKENDS)('ledger invariants on %s', (backend) => {
  let platform: TestPlatform;
  let merchant: TestMerchant;

  platformWithShop(backend, (started) => ({ platform, merchant } = started));

  const operation = fc.oneof(
    fc.record({ op: fc.constant('topup' as const), amount: fc.integer({ min: 1, max: 50_000 }) }),
    fc.record({ op: fc.constant('topup-declined' as const), amount: fc.integer({ min: 1, max: 50_000 }) }),
    fc.record({ op: fc.constant('pay' as const), amount: fc.integer({ min: 1, max: 20_000 }), retry: fc.boolean() }),
    fc.record({ op: fc.constant('pay-card' as const), amount: fc.integer({ min: 1, max: 20_000 }) }),
    fc.record({ op: fc.constant('refund' as const), pick: fc.nat(), part: fc.integer({ min: 1, max: 100 }) }),
    fc.record({ op: fc.constant('replay-tag' as const), pick: fc.nat() }),
  );

  it('keeps every invariant through random operation sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 12 }), async (ops) => {
        const wallet = await TestWallet.create(platform.url);
        const card = await wallet.addCard();
        const poorCard = await wallet.addCard('6200000000000021');
        let expected = 0;
        const paid: { id: string; tag: string; amount: number; refunded: number; funding: string }[] = [];
        for (const step of ops) {
          if (step.op === 'topup') {
            expect((await wallet.topUp(card, step.amount)).status).toBe(201);
            expected += step.amount;
          } else if (step.op === 'topup-declined') {
            expect((await wallet.topUp(poorCard, step.amount)).status).toBe(402);
          } else if (step.op === 'pay' || step.op === 'pay-card') {
            const tag = await merchant.tag({ amount: step.amount });
            const funding = step.op === 'pay-card' ? { type: 'card', cardToken: card } : { type: 'balance' };
            const key = randomUUID();
            const result = await wallet.pay(tag, { funding, key, pin: '246810' });
            if (step.op === 'pay' && step.amount > expected) {
              expect(result.body.code).toBe('insufficient_balance');
              continue;
            }
            expect(result.status).toBe(201);
            if (step.op === 'pay') expected -= step.amount;
            if (step.op === 'pay' && step.retry)
              expect((await wallet.pay(tag, { funding, key, pin: '246810' })).body).toEqual(result.body);
            paid.push({ id: result.body.payment.id, tag, amount: step.amount, refunded: 0, funding: funding.type });
          } else if (step.op === 'refund' && paid.length > 0) {
            const payment = paid[step.pick % paid.length]!;
            const remaining = payment.amount - payment.refunded;
            const amount = Math.max(1, Math.floor((remaining * step.part) / 100));
            const result = await merchant.call(
              'POST',
              `/v1/merchant/payments/${payment.id}/refunds`,
              { amount },
              { 'idempotency-key': randomUUID() },
            );
            if (remaining === 0) {
              expect(result.body.code).toBe('already_refunded');
              continue;
            }
            expect(result.status).toBe(201);
            payment.refunded += amount;
            if (payment.funding === 'balance') expected += amount;
          } else if (step.op === 'replay-tag' && paid.length > 0) {
            const result = await wallet.pay(paid[step.pick % paid.length]!.tag, { pin: '246810' });
            expect(result.body.code).toBe('tag_reused');
          }
        }
        expect(await wallet.balance()).toBe(expected);
        expect(await ledgerViolations(platform.platform.db)).toEqual([]);
      }),
      { numRuns: 15 },
    );
  });

  it('never overdraws a wallet under parallel payments', async () => {
    const wallet = await TestWallet.create(platform.url);
    await wallet.topUp(await wallet.addCard(), 10_000);
    const tags = await Promise.all(Array.from({ length: 24 }, () => merchant.tag({ amount: 1_000 })));
    const results = await Promise.all(tags.map((tag) => wallet.pay(tag)));
    const succeeded = results.filter((r) => r.status === 201);
    expect(succeeded).toHaveLength(10);
    expect(results.filter((r) => r.status !== 201).every((r) => r.body.code === 'insufficient_balance')).toBe(true);
    expect(await wallet.balance()).toBe(0);
    expect(await ledgerViolations(platform.platform.db)).toEqual([]);
  });

  it('pays a tag once when the same tag is sent in parallel under different keys', async () => {
    const wallet = await TestWallet.create(platform.url);
    await wallet.topUp(await wallet.addCard(), 10_000);
    const tag = await merchant.tag({ amount: 500 });
    const results = await Promise.all(Array.from({ length: 8 }, () => wallet.pay(tag)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status !== 201).every((r) => r.body.code === 'tag_reused')).toBe(true);
    expect(await wallet.balance()).toBe(9_500);
  });

  it('answers parallel retries of one key with one payment', async () => {
    const wallet = await TestWallet.create(platform.url);
    await wallet.topUp(await wallet.addCard(), 10_000);
    const tag = await merchant.tag({ amount: 700 });
    const results = await Promise.all(Array.from({ length: 6 }, () => wallet.pay(tag, { key: 'same-key-123' })));
    const ids = new Set(results.filter((r) => r.status === 201).map((r) => r.body.payment.id));
    expect(ids.size).toBe(1);
    expect(
      results
        .filter((r) => r.status !== 201)
        .map((r) => r.body.code)
        .filter((c) => c !== 'idempotency_key_in_use'),
    ).toEqual([]);
    expect(await wallet.balance()).toBe(9_300);
  });

  it('keeps a hot merchant account exact while wallets pay it and refunds, roll-ups and settlement debit it', async () => {
    const shop = await signUpMerchant(platform.url, { name: 'Hot Shop' });
    const wallets = await Promise.all(
      Array.from({ length: 16 }, async () => {
        const wallet = await TestWallet.create(platform.url);
        await wallet.topUp(await wallet.addCard(), 100_000);
        return wallet;
      }),
    );
    const earlier = await Promise.all(wallets.slice(0, 8).map(async (w) => w.pay(await shop.tag({ amount: 3_000 }))));
    expect(earlier.map((r) => r.status)).toEqual(Array(8).fill(201));
    const tags = await Promise.all(
      wallets.map(() => Promise.all([1, 2, 3, 4, 5].map(() => shop.tag({ amount: 700 })))),
    );
    const refund = (id: string) =>
      shop.call('POST', `/v1/merchant/payments/${id}/refunds`, { amount: 1_000 }, { 'idempotency-key': randomUUID() });
    // Credits (payments) and debits (refunds, settlement, roll-ups) of the same pending account at once.
    const [paid, refunded] = await Promise.all([
      Promise.all(wallets.flatMap((w, i) => tags[i]!.map((tag) => w.pay(tag)))),
      Promise.all(earlier.map((r) => refund(r.body.payment.id))),
      Promise.all([rollUpBacklogs(platform.platform.db), rollUpBacklogs(platform.platform.db)]),
      runSettlement(platform.platform, new Date(Date.now() + 3 * 86_400_000)),
    ]);
    expect(paid.filter((r) => r.status !== 201).map((r) => r.body)).toEqual([]);
    expect(refunded.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(await ledgerViolations(platform.platform.db)).toEqual([]);
    const [held] = (await merchantBalance(platform.platform.db, shop.merchantId)).items;
    expect(held!.pending + held!.available + held!.paidOut).toBe(8 * 3_000 + 80 * 700 - 8 * 1_000);
    await rollUpBacklogs(platform.platform.db);
    expect(await ledgerViolations(platform.platform.db)).toEqual([]);
    expect(await platform.platform.db.selectFrom('posting_backlog').select('posting_id').limit(1).execute()).toEqual(
      [],
    );
  });

  it('posts nothing for a transfer that does not balance, has a zero or fractional leg, or overdraws', async () => {
    const db = platform.platform.db;
    const wallet = await TestWallet.create(platform.url);
    await wallet.topUp(await wallet.addCard(), 1_000);
    const from = accountId('wallet', wallet.walletId, 'CNY');
    const to = accountId('merchant_pending', merchant.merchantId, 'CNY');
    const post = (id: string, legs: { accountId: string; amount: number }[]) =>
      db.transaction().execute((tx) =>
        postTransfer(
          tx,
          {
            id,
            kind: 'payment',
            wallet_id: wallet.walletId,
            merchant_id: null,
            payment_id: null,
            title: 't',
            amount: 1,
            currency: 'CNY',
          },
          legs,
        ),
      );

    await expect(
      post('tr_unbalanced', [
        { accountId: from, amount: -10 },
        { accountId: to, amount: 9 },
      ]),
    ).rejects.toThrow('transfer tr_unbalanced does not balance');
    await expect(
      post('tr_zero', [
        { accountId: from, amount: 0 },
        { accountId: to, amount: 0 },
      ]),
    ).rejects.toThrow('transfer tr_zero has a leg that is not a non-zero integer');
    await expect(
      post('tr_part', [
        { accountId: from, amount: -1.5 },
        { accountId: to, amount: 1.5 },
      ]),
    ).rejects.toThrow('transfer tr_part has a leg that is not a non-zero integer');
    const overdraw = post('tr_over', [
      { accountId: from, amount: -1_001 },
      { accountId: to, amount: 1_001 },
    ]);
    await expect(overdraw).rejects.toBeInstanceOf(InsufficientFunds);
    await expect(overdraw).rejects.toMatchObject({ status: 402, accountId: from });

    const written = await db
      .selectFrom('transfers')
      .select('id')
      .where('id', 'in', ['tr_unbalanced', 'tr_zero', 'tr_part', 'tr_over'])
      .execute();
    expect(written).toEqual([]);
    expect(await wallet.balance()).toBe(1_000);
    // Legs of accounts that do not exist yet (both shared kinds, so both in the backlog) open them.
    const shop = accountId('merchant_pending', merchant.merchantId, 'USD');
    const clearing = accountId('card_clearing', 'network', 'USD');
    const opened = await db.transaction().execute((tx) =>
      postTransfer(
        tx,
        {
          id: 'tr_usd',
          kind: 'payment',
          wallet_id: null,
          merchant_id: merchant.merchantId,
          payment_id: null,
          title: 't',
          amount: 5,
          currency: 'USD',
        },
        [
          { accountId: clearing, amount: -5 },
          { accountId: shop, amount: 5 },
        ],
      ),
    );
    expect(opened.transfer).toMatchObject({ id: 'tr_usd', amount: 5, currency: 'USD' });
    expect(opened.transfer.created_at).toBeInstanceOf(Date);
    expect(opened.balances.size).toBe(0);
    expect(await balanceOf(db, shop)).toBe(5);
    const accounts = await db
      .selectFrom('accounts')
      .selectAll()
      .where('id', 'in', [shop, clearing])
      .orderBy('id')
      .execute();
    expect(accounts.map((a) => [a.kind, a.owner_id, a.currency, a.allow_negative])).toEqual([
      ['card_clearing', 'network', 'USD', true],
      ['merchant_pending', merchant.merchantId, 'USD', false],
    ]);
    expect(await ledgerViolations(db)).toEqual([]);
  });
});

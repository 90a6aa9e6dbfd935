import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentWriter } from '../../platform/payments/payment-writer';
import { startCampaign } from '../support/campaigns';
import { ledgerViolations } from '../support/ledger-invariants';
import { BACKENDS, startTestPlatform, type TestPlatform } from '../support/platform';
import { signUpMerchant, TestWallet, type TestMerchant } from '../support/wallet-client';

const PIN = '246810';

/**
 * Holds the platform's payment writes until `count` have arrived (or a few seconds passed, so a test
 * that expected too many fails on its assertions rather than hanging), then hands them to the real
 * writer in one go: the first is written alone, the writer being idle, and the rest queue behind it and
 * leave as one batch.
 */
function holdWrites(platform: TestPlatform, count: number): () => void {
  const writer = platform.platform.payments;
  const held: (() => void)[] = [];
  const release = () => held.splice(0).forEach((go) => go());
  const timer = setTimeout(release, 5_000);
  platform.platform.payments = {
    write: (args) =>
      new Promise((settle, fail) => {
        held.push(() => void writer.write(args).then(settle, fail));
        if (held.length === count) release();
      }),
  } satisfies PaymentWriter;
  return () => {
    clearTimeout(timer);
    platform.platform.payments = writer;
  };
}

describe.each(BACKENDS)('payments written in batches on %s', (backend) => {
  let platform: TestPlatform;
  let merchant: TestMerchant;

  beforeAll(async () => {
    platform = await startTestPlatform(backend);
    merchant = await signUpMerchant(platform.url);
    // A point per yuan, each worth ¥0.01.
    expect(
      (await merchant.call('PUT', '/v1/merchant/points-program', { pointsPerUnit: 1, pointValue: 1 })).status,
    ).toBe(200);
  });
  afterAll(() => platform?.close());

  async function walletWith(balance: number) {
    const wallet = await TestWallet.create(platform.url, PIN);
    const card = await wallet.addCard();
    await wallet.topUp(card, balance);
    return { wallet, card };
  }

  const pay = (wallet: TestWallet, tag: string, extra: Record<string, unknown> = {}) =>
    wallet.call(
      'POST',
      '/v1/payments',
      { tag, funding: { type: 'balance' }, ...extra },
      { 'idempotency-key': randomUUID() },
    );

  it('answers each payment in a batch with its own refusal or reply, and commits the others together', async () => {
    const [first, second, third] = await Promise.all([walletWith(100_000), walletWith(100_000), walletWith(100_000)]);
    const poor = await walletWith(1_000);
    // ¥800 of the ¥1,000 password-free daily total spent: two ¥150 payments fit alone, not together.
    const daily = await walletWith(200_000);
    for (let i = 0; i < 4; i++)
      expect((await daily.wallet.pay(await merchant.tag({ amount: 20_000 }))).status).toBe(201);
    // 600 points earned: two payments redeeming 400 each fit alone, not together.
    const collector = await walletWith(100_000);
    expect((await collector.wallet.pay(await merchant.tag({ amount: 60_000 }), { pin: PIN })).status).toBe(201);
    const campaign = await startCampaign(merchant);
    const coupon = (await collector.wallet.call('POST', '/v1/wallet/coupons', { campaignId: campaign.body.id })).body;

    const sharedTag = await merchant.tag({ amount: 1_000 });
    const orderId = randomUUID();
    const [orderTag, orderTagAgain] = await Promise.all([
      merchant.tag({ amount: 2_000, orderId }),
      merchant.tag({ amount: 2_000, orderId }),
    ]);
    const byCard = (card: string) => ({ funding: { type: 'card', cardToken: card } });
    const pairs = {
      tag_reused: [() => pay(first.wallet, sharedTag), () => pay(second.wallet, sharedTag)],
      order_already_paid: [
        () => pay(first.wallet, orderTag, byCard(first.card)),
        () => pay(third.wallet, orderTagAgain, byCard(third.card)),
      ],
      insufficient_balance: [
        async () => pay(poor.wallet, await merchant.tag({ amount: 800 })),
        async () => pay(poor.wallet, await merchant.tag({ amount: 800 })),
      ],
      pin_required: [
        async () => pay(daily.wallet, await merchant.tag({ amount: 15_000 })),
        async () => pay(daily.wallet, await merchant.tag({ amount: 15_000 })),
      ],
      points_exceed_limit: [
        async () => pay(collector.wallet, await merchant.tag({ amount: 1_000 }), { redeemPoints: 400 }),
        async () => pay(collector.wallet, await merchant.tag({ amount: 1_000 }), { redeemPoints: 400 }),
      ],
      coupon_used: [
        async () => pay(collector.wallet, await merchant.tag({ amount: 12_800 }), { couponId: coupon.id }),
        async () => pay(collector.wallet, await merchant.tag({ amount: 12_800 }), { couponId: coupon.id }),
      ],
    };
    const alone = [async () => pay(third.wallet, await merchant.tag({ amount: 3_000 }))];
    const calls = [...alone, ...Object.values(pairs).flat()];
    const balancesBefore = await Promise.all([first, second, third, poor].map(({ wallet }) => wallet.balance()));

    const restore = holdWrites(platform, calls.length);
    const answers = await Promise.all(calls.map((call) => call())).finally(restore);

    // Each pair: one paid, the other refused with its own reason.
    const [, ...pairAnswers] = answers;
    expect(answers[0]!.status).toBe(201);
    Object.keys(pairs).forEach((code, i) => {
      const pair = pairAnswers.slice(2 * i, 2 * i + 2);
      expect(pair.map((answer) => answer.status).sort(), code).toEqual(
        [
          201,
          code === 'insufficient_balance'
            ? 402
            : code === 'pin_required'
              ? 403
              : code === 'points_exceed_limit'
                ? 422
                : 409,
        ].sort(),
      );
      expect(pair.find((answer) => answer.status !== 201)!.body.code, code).toBe(code);
    });

    // Everything but the first write went in one transaction.
    const paid = answers.filter((answer) => answer.status === 201).map((answer) => answer.body.payment.id);
    const { rows } = await sql<{ xmin: string; count: number }>`
      SELECT xmin::text AS xmin, count(*)::int AS count FROM payments WHERE id IN (${sql.join(paid)}) GROUP BY xmin
      ORDER BY count`.execute(platform.platform.db);
    expect(rows.map((row) => row.count)).toEqual([1, paid.length - 1]);

    // What each refused payment did: nothing. The card charge of the refused order was given back.
    const balancesAfter = await Promise.all([first, second, third, poor].map(({ wallet }) => wallet.balance()));
    const sharedPayer = pairAnswers[0]!.status === 201 ? 0 : 1;
    expect(balancesAfter[sharedPayer]).toBe(balancesBefore[sharedPayer]! - 1_000);
    expect(balancesAfter[1 - sharedPayer]).toBe(balancesBefore[1 - sharedPayer]!);
    expect(balancesAfter[2]).toBe(balancesBefore[2]! - 3_000);
    expect(balancesAfter[3]).toBe(200);
    const charges = await platform.platform.db
      .selectFrom('card_charges')
      .select(['status'])
      .where('wallet_id', 'in', [first.wallet.walletId, third.wallet.walletId])
      .where('amount', '=', 2_000)
      .execute();
    expect(charges.map((charge) => charge.status).sort()).toEqual(['captured', 'voided']);
    expect(await ledgerViolations(platform.platform.db)).toEqual([]);
  });

  it('writes a batch that fails whole one payment at a time, each with its own answer', async () => {
    const { wallet } = await walletWith(100_000);
    const other = await walletWith(100_000);
    // Two payments under one idempotency key in one batch: the key's unique index fails the batch.
    const key = randomUUID();
    const [tag, anotherTag] = await Promise.all([merchant.tag({ amount: 1_000 }), merchant.tag({ amount: 2_000 })]);
    const calls = [
      async () => other.wallet.pay(await merchant.tag({ amount: 500 })),
      () => wallet.pay(tag, { key }),
      () => wallet.pay(anotherTag, { key }),
      async () => other.wallet.pay(await merchant.tag({ amount: 700 })),
    ];
    const restore = holdWrites(platform, calls.length);
    const [, first, second, last] = await Promise.all(calls.map((call) => call())).finally(restore);

    expect(last!.status).toBe(201);
    const sameKey = [first!, second!];
    expect(sameKey.map((answer) => answer.status).sort()).toEqual([201, 409]);
    expect(sameKey.find((answer) => answer.status === 409)!.body.code).toBe('idempotency_key_reused');
    const paidAmount = sameKey.find((answer) => answer.status === 201)!.body.payment.amount.amount;
    expect(await wallet.balance()).toBe(100_000 - paidAmount);
    expect(await other.wallet.balance()).toBe(100_000 - 500 - 700);
    // Each payment that was written went in a transaction of its own.
    const { rows } = await sql<{ transactions: number; payments: number }>`
      SELECT count(DISTINCT xmin::text)::int AS transactions, count(*)::int AS payments FROM payments
       WHERE wallet_id IN (${wallet.walletId}, ${other.wallet.walletId})`.execute(platform.platform.db);
    expect(rows[0]).toEqual({ transactions: 3, payments: 3 });
    expect(await ledgerViolations(platform.platform.db)).toEqual([]);
  });
});

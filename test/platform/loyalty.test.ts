import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCampaign } from '../support/campaigns';
import { ledgerViolations } from '../support/ledger-invariants';
import { BACKENDS, startTestPlatform, type TestPlatform } from '../support/platform';
import { signUpMerchant, TestWallet, type TestMerchant } from '../support/wallet-client';

const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString();

describe.each(BACKENDS)('coupons, points and news on %s', (backend) => {
  let platform: TestPlatform;
  let merchant: TestMerchant;
  let other: TestMerchant;

  beforeAll(async () => {
    platform = await startTestPlatform(backend);
    merchant = await signUpMerchant(platform.url);
    other = await signUpMerchant(platform.url, { name: 'Sky Air' });
  });
  afterAll(() => platform?.close());

  async function campaign(body: Record<string, unknown>) {
    const response = await startCampaign(merchant, body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  async function walletWith(balance: number) {
    const wallet = await TestWallet.create(platform.url);
    await wallet.topUp(await wallet.addCard(), balance);
    return wallet;
  }

  it('names what is wrong with a campaign', async () => {
    const response = await merchant.call('POST', '/v1/merchant/coupon-campaigns', {
      title: '',
      kind: 'percent_off',
      value: 150,
      currency: 'CNY',
      validUntil: 'soon',
      quantity: 0,
    });
    expect(response.status).toBe(400);
    expect(response.body.issues.map((i: { field: string }) => i.field)).toEqual(
      expect.arrayContaining(['title', 'validUntil', 'quantity']),
    );
    const threshold = await merchant.call('POST', '/v1/merchant/coupon-campaigns', {
      title: 'x',
      kind: 'threshold',
      value: 2_000,
      minSpend: 1_000,
      currency: 'CNY',
      validUntil: inAMonth(),
      quantity: 1,
    });
    expect(threshold.body.issues).toEqual([
      { field: 'minSpend', expected: 'expected a spend threshold above the amount off' },
    ]);
  });

  it('lets a wallet claim from an offer, within the per-user limit and the quantity, even in parallel', async () => {
    const offer = await campaign({ quantity: 3, perUserLimit: 1 });
    const offers = await (await fetch(`${platform.url}/v1/offers?merchantId=${merchant.merchantId}`)).json();
    expect(offers.items.find((o: { id: string }) => o.id === offer.id)).toMatchObject({
      remaining: 3,
      merchantName: 'Demo Shop',
    });
    const wallets = await Promise.all(Array.from({ length: 5 }, () => TestWallet.create(platform.url)));
    const claims = await Promise.all(
      wallets.map((w) => w.call('POST', '/v1/wallet/coupons', { campaignId: offer.id })),
    );
    expect(claims.filter((c) => c.status === 201)).toHaveLength(3);
    expect(claims.filter((c) => c.status !== 201).every((c) => c.body.code === 'campaign_sold_out')).toBe(true);
    const winner = wallets[claims.findIndex((c) => c.status === 201)]!;
    const again = await winner.call('POST', '/v1/wallet/coupons', { campaignId: offer.id });
    expect(again.body.code).toMatch(/coupon_limit_reached|campaign_sold_out/);
  });

  it('pauses, resumes and ends a campaign: no claims while stopped, claimed coupons stay usable', async () => {
    const offer = await campaign({ title: 'Pausable', quantity: 10 });
    expect(offer.state).toBe('running');
    const wallet = await walletWith(50_000);
    const claim = () => wallet.call('POST', '/v1/wallet/coupons', { campaignId: offer.id });
    const listed = async () =>
      (await (await fetch(`${platform.url}/v1/offers?merchantId=${merchant.merchantId}`)).json()).items.some(
        (o: { id: string }) => o.id === offer.id,
      );
    const step = (name: 'pause' | 'resume' | 'end', id: string = offer.id) =>
      merchant.call('POST', `/v1/merchant/coupon-campaigns/${id}/${name}`);
    const coupon = (await claim()).body;

    expect((await step('pause')).body.state).toBe('paused');
    expect(await listed()).toBe(false);
    expect((await claim()).body.code).toBe('campaign_not_running');
    expect((await step('resume')).body.state).toBe('running');
    expect(await listed()).toBe(true);
    expect((await step('end')).body.state).toBe('ended');
    expect((await step('end')).body.state).toBe('ended');
    expect((await step('resume')).body.code).toBe('campaign_not_running');
    expect((await claim()).body.code).toBe('campaign_not_running');
    expect(await listed()).toBe(false);
    expect((await step('pause', 'cmp_nope')).status).toBe(404);
    expect((await other.call('POST', `/v1/merchant/coupon-campaigns/${offer.id}/pause`)).status).toBe(404);

    const paid = await wallet.call(
      'POST',
      '/v1/payments',
      { tag: await merchant.tag({ amount: 10_000 }), funding: { type: 'balance' }, couponId: coupon.id },
      { 'idempotency-key': randomUUID() },
    );
    expect(paid.status).toBe(201);
    const mine = (await merchant.call('GET', '/v1/merchant/coupon-campaigns')).body.items.find(
      (c: { id: string }) => c.id === offer.id,
    );
    expect(mine).toMatchObject({ state: 'ended', claimedCount: 1, redeemedCount: 1 });
  });

  it('applies a coupon once, atomically with its payment, and a full refund gives it back', async () => {
    const offer = await campaign({});
    const wallet = await walletWith(50_000);
    const coupon = (await wallet.call('POST', '/v1/wallet/coupons', { campaignId: offer.id })).body;
    expect(coupon).toMatchObject({ status: 'available', kind: 'threshold', value: 2_000, minSpend: 10_000 });

    const tooSmall = await wallet.call(
      'POST',
      '/v1/payments',
      { tag: await merchant.tag({ amount: 9_999 }), funding: { type: 'balance' }, couponId: coupon.id },
      { 'idempotency-key': randomUUID() },
    );
    expect(tooSmall.body).toMatchObject({ code: 'coupon_not_applicable', issues: [{ field: 'couponId' }] });
    const elsewhere = await wallet.call(
      'POST',
      '/v1/payments',
      { tag: await other.tag({ amount: 12_800 }), funding: { type: 'balance' }, couponId: coupon.id },
      { 'idempotency-key': randomUUID() },
    );
    expect(elsewhere.body.code).toBe('coupon_not_applicable');

    const paid = await wallet.call(
      'POST',
      '/v1/payments',
      { tag: await merchant.tag({ amount: 12_800 }), funding: { type: 'balance' }, couponId: coupon.id },
      { 'idempotency-key': randomUUID() },
    );
    expect(paid.status).toBe(201);
    expect(paid.body.payment).toMatchObject({ amount: { amount: 12_800 }, discount: { amount: 2_000 } });
    expect(paid.body.transaction.amount.amount).toBe(10_800);
    expect(await wallet.balance()).toBe(50_000 - 10_800);
    // The history line carries the order and what the coupon took off it, for the wallet to show.
    const [line] = (await wallet.call('GET', '/v1/wallet/transactions?limit=1')).body.items;
    expect(line).toMatchObject({
      kind: 'payment',
      amount: { amount: 10_800, currency: 'CNY' },
      orderAmount: { amount: 12_800, currency: 'CNY' },
      couponDiscount: { amount: 2_000, currency: 'CNY' },
      paidFrom: 'balance',
    });
    expect(line.orderId).toBe(paid.body.payment.orderId);
    expect(line.pointsDiscount).toBeUndefined();
    expect(paid.body.transaction).toEqual(line);
    const reuse = await wallet.call(
      'POST',
      '/v1/payments',
      { tag: await merchant.tag({ amount: 12_800 }), funding: { type: 'balance' }, couponId: coupon.id },
      { 'idempotency-key': randomUUID() },
    );
    expect(reuse.body.code).toBe('coupon_used');
    expect(await wallet.balance()).toBe(50_000 - 10_800);

    const refund = await merchant.call(
      'POST',
      `/v1/merchant/payments/${paid.body.payment.id}/refunds`,
      {},
      { 'idempotency-key': randomUUID() },
    );
    expect(refund.body.refund.amount.amount).toBe(10_800);
    expect(await wallet.balance()).toBe(50_000);
    const coupons = (await wallet.call('GET', '/v1/wallet/coupons')).body.items;
    expect(coupons.find((c: { id: string }) => c.id === coupon.id).status).toBe('available');
    expect(await ledgerViolations(platform.platform.db)).toEqual([]);
  });

  it("earns points at the merchant's rate and shows them", async () => {
    expect((await merchant.call('PUT', '/v1/merchant/points-program', { pointsPerUnit: 2 })).status).toBe(200);
    const directory = await (await fetch(`${platform.url}/v1/directory`)).json();
    expect(
      directory.partners.find((p: { merchantId: string }) => p.merchantId === merchant.merchantId).pointsPerUnit,
    ).toBe(2);
    const wallet = await walletWith(50_000);
    const paid = await wallet.pay(await merchant.tag({ amount: 12_850 }));
    expect(paid.body.payment.pointsEarned).toBe(256);
    const snapshot = (await wallet.call('GET', '/v1/wallet')).body;
    expect(snapshot.points).toEqual([{ merchantId: merchant.merchantId, merchantName: 'Demo Shop', points: 256 }]);
    expect(
      (await merchant.call('PUT', '/v1/merchant/points-program', { pointsPerUnit: -1 })).body.issues[0].field,
    ).toBe('pointsPerUnit');
  });

  it('spends points as a discount within the shop’s rule, and a full refund gives them back', async () => {
    const program = { pointsPerUnit: 1, pointValue: 1 };
    expect((await other.call('PUT', '/v1/merchant/points-program', { pointsPerUnit: 1 })).status).toBe(200);
    expect((await merchant.call('PUT', '/v1/merchant/points-program', program)).body).toEqual(program);
    const directory = await (await fetch(`${platform.url}/v1/directory`)).json();
    const partner = (id: string) => directory.partners.find((p: { merchantId: string }) => p.merchantId === id);
    expect(partner(merchant.merchantId).pointValue).toBe(1);
    expect(partner(other.merchantId).pointValue).toBe(0);

    const wallet = await walletWith(100_000);
    const earned = await wallet.pay(await merchant.tag({ amount: 60_000 }), { pin: '246810' });
    expect(earned.body.payment.pointsEarned).toBe(600);
    const withPoints = async (amount: number, redeemPoints: number, shop = merchant) =>
      wallet.call(
        'POST',
        '/v1/payments',
        { tag: await shop.tag({ amount }), funding: { type: 'balance' }, redeemPoints },
        { 'idempotency-key': randomUUID() },
      );

    // Half of ¥10.00 is 500 points at ¥0.01: 501 is refused, naming the field and the limit.
    const tooMany = await withPoints(1_000, 501);
    expect(tooMany.status).toBe(422);
    expect(tooMany.body).toMatchObject({ code: 'points_exceed_limit', issues: [{ field: 'redeemPoints' }] });
    expect(tooMany.body.issues[0].expected).toContain('at most 500');
    const elsewhere = await withPoints(1_000, 10, other);
    expect(elsewhere.body.code).toBe('points_not_redeemable');
    expect((await withPoints(1_000, 0)).body.issues[0].field).toBe('redeemPoints');

    const paid = await withPoints(1_000, 500);
    expect(paid.status).toBe(201);
    expect(paid.body.payment).toMatchObject({
      amount: { amount: 1_000 },
      discount: { amount: 500 },
      pointsRedeemed: 500,
      pointsDiscount: { amount: 500 },
      pointsEarned: 5,
    });
    expect(paid.body.transaction.amount.amount).toBe(500);
    expect(paid.body.transaction).toMatchObject({ pointsEarned: 5, pointsRedeemed: 500 });
    const history = (await wallet.call('GET', '/v1/wallet/transactions?limit=2')).body.items;
    expect(history[0]).toMatchObject({ paymentId: paid.body.payment.id, pointsEarned: 5, pointsRedeemed: 500 });
    expect(history[1]).toMatchObject({ pointsEarned: 600 });
    expect(history[1].pointsRedeemed).toBeUndefined();
    const held = async () => (await wallet.call('GET', '/v1/wallet')).body.points[0]?.points;
    expect(await held()).toBe(600 - 500 + 5);

    const refund = await merchant.call(
      'POST',
      `/v1/merchant/payments/${paid.body.payment.id}/refunds`,
      {},
      { 'idempotency-key': randomUUID() },
    );
    expect(refund.body.refund.amount.amount).toBe(500);
    expect(await held()).toBe(600);
    expect(await ledgerViolations(platform.platform.db)).toEqual([]);
  });

  it('lets parallel payments spend one coupon and the same points once', async () => {
    // The shop's points program from the test before: a point per yuan, each worth ¥0.01.
    const wallet = await walletWith(100_000);
    await wallet.pay(await merchant.tag({ amount: 60_000 }), { pin: '246810' });
    const coupon = (await wallet.call('POST', '/v1/wallet/coupons', { campaignId: (await campaign({})).id })).body;
    const race = async (extra: Record<string, unknown>, amount: number) =>
      Promise.all(
        Array.from({ length: 6 }, async () =>
          wallet.call(
            'POST',
            '/v1/payments',
            { tag: await merchant.tag({ amount }), funding: { type: 'balance' }, ...extra },
            { 'idempotency-key': randomUUID() },
          ),
        ),
      );

    // Each fits the 600 points held alone; together they do not.
    const points = await race({ redeemPoints: 400 }, 1_000);
    expect(points.filter((r) => r.status === 201)).toHaveLength(1);
    expect(points.filter((r) => r.status !== 201).map((r) => r.body.code)).toEqual(
      Array(5).fill('points_exceed_limit'),
    );
    expect((await wallet.call('GET', '/v1/wallet')).body.points[0].points).toBe(600 - 400 + 6);

    const coupons = await race({ couponId: coupon.id }, 12_800);
    expect(coupons.filter((r) => r.status === 201)).toHaveLength(1);
    expect(coupons.filter((r) => r.status !== 201).map((r) => r.body.code)).toEqual(Array(5).fill('coupon_used'));
    expect(await wallet.balance()).toBe(100_000 - 60_000 - 600 - 10_800);
    expect(await ledgerViolations(platform.platform.db)).toEqual([]);
  });

  it('delivers news to subscribers only, and stops on unsubscribe', async () => {
    const subscriber = await TestWallet.create(platform.url);
    const stranger = await TestWallet.create(platform.url);
    expect(
      (await subscriber.call('POST', '/v1/wallet/subscriptions', { merchantId: merchant.merchantId })).status,
    ).toBe(201);
    const sent = await merchant.call('POST', '/v1/merchant/messages', {
      text: 'Double points this weekend',
      link: `${merchant.origin}/offers`,
    });
    expect(sent.status).toBe(201);
    expect(sent.body.subscribers).toBeGreaterThanOrEqual(1);
    expect((await subscriber.call('GET', '/v1/wallet/messages')).body.items).toEqual([
      expect.objectContaining({
        merchantId: merchant.merchantId,
        merchantName: 'Demo Shop',
        text: 'Double points this weekend',
        link: `${merchant.origin}/offers`,
      }),
    ]);
    expect((await stranger.call('GET', '/v1/wallet/messages')).body.items).toEqual([]);
    await subscriber.call('DELETE', `/v1/wallet/subscriptions/${merchant.merchantId}`);
    await merchant.call('POST', '/v1/merchant/messages', { text: 'You will not see this' });
    expect((await subscriber.call('GET', '/v1/wallet/messages')).body.items).toEqual([]);
    const foreignLink = await merchant.call('POST', '/v1/merchant/messages', {
      text: 'x',
      link: 'https://evil.example/',
    });
    expect(foreignLink.body.issues).toEqual([{ field: 'link', expected: `a URL on ${merchant.origin}` }]);
  });
});

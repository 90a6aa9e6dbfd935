import { exportJWK, generateKeyPair } from 'jose';
import { PIN_TOO_EASY } from '../../protocol/pin-rule';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, stalePin, startTestPlatform, type TestPlatform, platformWithShop } from '../support/platform';
import { signUpMerchant, TestWallet, type TestMerchant } from '../support/wallet-client';

describe.each(BACKENDS)('PIN guesses on %s', (backend) => {
  let platform: TestPlatform;
  let merchant: TestMerchant;

  platformWithShop(backend, (started) => ({ platform, merchant } = started));

  it('refuses a new PIN anyone would guess first, at creation and at a change, naming the field', async () => {
    const devicePublicKey = await exportJWK((await generateKeyPair('ES256')).publicKey);
    for (const pin of ['111111', '123456', '654321', '890123', '123123']) {
      const created = await fetch(`${platform.url}/v1/wallets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ devicePublicKey, pin }),
      });
      expect([pin, created.status, (await created.json()).issues]).toEqual([
        pin,
        400,
        [{ field: 'pin', expected: PIN_TOO_EASY }],
      ]);
    }
    const wallet = await TestWallet.create(platform.url, '135790');
    const changed = await wallet.call('PUT', '/v1/wallet/pin', { pin: '135790', newPin: '000000' });
    expect([changed.status, changed.body.issues]).toEqual([400, [{ field: 'newPin', expected: PIN_TOO_EASY }]]);
  });

  it('gives 50 parallel wrong guesses at most five verdicts, then only pin_locked', async () => {
    const wallet = await TestWallet.create(platform.url, '246810');
    const tags = await Promise.all(Array.from({ length: 50 }, () => merchant.tag({ amount: 50_000 })));
    const answers = await Promise.all(tags.map((tag, i) => wallet.pay(tag, { pin: String(100_000 + i) })));
    const codes = answers.map((a) => a.body.code as string);
    const verdicts = codes.filter((c) => c === 'pin_incorrect').length;
    expect(verdicts).toBeLessThanOrEqual(4);
    expect(codes.filter((c) => c !== 'pin_incorrect' && c !== 'pin_locked')).toEqual([]);
    expect(codes.filter((c) => c === 'pin_locked').length).toBeGreaterThanOrEqual(46);
    // Locked means locked: the right PIN does not get through either.
    const right = await wallet.pay(await merchant.tag({ amount: 50_000 }), { pin: '246810' });
    expect(right.body.code).toBe('pin_locked');
  });

  it('raises the password-free limit only with the PIN, up to the ceiling; lowering needs none', async () => {
    const wallet = await TestWallet.create(platform.url, '246810');
    // A session opened with the device key alone: what a copied token gives.
    await stalePin(platform, wallet);
    const limit = (amount: number, pin?: string) =>
      wallet.call('PUT', '/v1/wallet/limit', { passwordFreeLimit: { amount, currency: 'CNY' }, ...(pin && { pin }) });
    const tokenOnly = await limit(9_000_000);
    expect(tokenOnly.status).toBe(400);
    expect(tokenOnly.body.issues[0].field).toBe('passwordFreeLimit');
    const noPin = await limit(50_000);
    expect([noPin.status, noPin.body.code]).toEqual([403, 'pin_required']);
    expect(noPin.body.issues).toEqual([{ field: 'pin', expected: expect.stringContaining('6-digit payment PIN') }]);
    expect((await limit(50_000, '000000')).body.code).toBe('pin_incorrect');
    expect((await limit(10_000)).status).toBe(200);
    expect((await limit(50_000, '246810')).body).toMatchObject({
      passwordFreeLimit: { amount: 50_000, currency: 'CNY' },
    });
    // The PIN proven a moment ago in this session still counts; a new session starts without it.
    expect((await limit(60_000)).status).toBe(200);
    await stalePin(platform, wallet);
    expect((await limit(70_000)).body.code).toBe('pin_required');
    expect((await limit(20_000)).status).toBe(200);
  });
});

describe.each(BACKENDS)('per-wallet rate limits on %s', (backend) => {
  let platform: TestPlatform;
  let merchant: TestMerchant;

  beforeAll(async () => {
    platform = await startTestPlatform(backend, {
      config: {
        rateLimits: {
          walletCreation: 100,
          merchantSignup: 100,
          consoleSignIn: 100,
          cardsPerDay: 2,
          challengesPerMinute: 3,
          paymentsPerMinute: 2,
          deviceJoins: 100,
        },
      },
    });
    merchant = await signUpMerchant(platform.url);
  });
  afterAll(() => platform?.close());

  it('refuses card additions past the daily count, challenges and payments past the per-minute count, with Retry-After', async () => {
    // The limits count in fixed windows: a minute (or a day) that ended midway would start the count again.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 100));
    const wallet = await TestWallet.create(platform.url);
    await wallet.addCard();
    await wallet.addCard('4242424242424242');
    const third = await wallet.call('POST', '/v1/wallet/cards', {
      number: '5555555555554444',
      expMonth: 12,
      expYear: 2030,
      holder: 'Li Lei',
      cvc: '123',
    });
    expect([third.status, third.body.code]).toEqual([429, 'rate_limited']);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);

    const payments = await Promise.all([1, 2, 3].map(async () => wallet.pay(await merchant.tag({ amount: 100 }))));
    expect(payments.filter((p) => p.status === 429)).toHaveLength(1);

    // TestWallet.create spent one challenge; two more pass, the next is refused.
    const challenge = () => wallet.call('POST', '/v1/sessions/challenge', { walletId: wallet.walletId });
    expect((await challenge()).status).toBe(200);
    expect((await challenge()).status).toBe(200);
    const refused = await challenge();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  });
});

describe.each(BACKENDS)('the daily password-free total on %s', (backend) => {
  let platform: TestPlatform;
  let merchant: TestMerchant;

  platformWithShop(backend, (started) => ({ platform, merchant } = started));

  it('asks for the PIN once today’s password-free payments reach the total, also for parallel payments', async () => {
    const wallet = await TestWallet.create(platform.url, '246810');
    await wallet.topUp(await wallet.addCard(), 200_000);
    const limits = (await wallet.call('GET', '/v1/wallet')).body;
    expect(limits).toMatchObject({ dailyFreeTotal: { amount: 100_000 }, freeSpentToday: { amount: 0 } });
    for (let i = 0; i < 4; i++) expect((await wallet.pay(await merchant.tag({ amount: 20_000 }))).status).toBe(201);
    // ¥800 spent of ¥1,000: two ¥150 payments each fit alone, not together.
    const both = await Promise.all([1, 2].map(async () => wallet.pay(await merchant.tag({ amount: 15_000 }))));
    expect(both.map((p) => p.status).sort()).toEqual([201, 403]);
    expect(both.find((p) => p.status === 403)!.body).toMatchObject({
      code: 'pin_required',
      detail: expect.stringContaining('daily total'),
    });
    const withPin = await wallet.pay(await merchant.tag({ amount: 15_000 }), { pin: '246810' });
    expect(withPin.status).toBe(201);
    expect((await wallet.call('GET', '/v1/wallet')).body.freeSpentToday.amount).toBe(95_000);
    // Lowering the total needs no PIN; raising it does.
    const lower = {
      passwordFreeLimit: { amount: 20_000, currency: 'CNY' },
      dailyFreeTotal: { amount: 50_000, currency: 'CNY' },
    };
    expect((await wallet.call('PUT', '/v1/wallet/limit', lower)).status).toBe(200);
    await stalePin(platform, wallet);
    const raise = { ...lower, dailyFreeTotal: { amount: 300_000, currency: 'CNY' } };
    expect((await wallet.call('PUT', '/v1/wallet/limit', raise)).body.code).toBe('pin_required');
  });
});

describe.each(BACKENDS)('a new card as a step-up on %s', (backend) => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startTestPlatform(backend);
  });
  afterAll(() => platform?.close());

  it('takes the PIN, unless the session proved it in the last five minutes', async () => {
    const wallet = await TestWallet.create(platform.url, '246810');
    const card = (pin?: string) =>
      wallet.call('POST', '/v1/wallet/cards', {
        number: '4242424242424242',
        expMonth: 12,
        expYear: 2030,
        holder: 'Li Lei',
        cvc: '123',
        ...(pin && { pin }),
      });
    expect((await card()).status).toBe(201);
    await stalePin(platform, wallet);
    const refused = await card();
    expect([refused.status, refused.body.code]).toEqual([403, 'pin_required']);
    expect((await card('111111')).body.code).toBe('pin_incorrect');
    expect((await card('246810')).status).toBe(201);
  });
});

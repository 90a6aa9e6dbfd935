import { describe, expect, it, vi } from 'vitest';
import { handlers } from '../../lib/background/handlers';
import { createRouter } from '../../lib/background/router';
import { PlatformError, type PlatformClient } from '../../lib/platform-client';
import { contentSender, fakeContext, UI_SENDER, unlockedSession } from '../support/fake-context';
import { account, coupon, partner, transaction } from '../support/wallet-fixtures';
import type { Overview } from '../../protocol/wallet';

function setup(platform: Partial<PlatformClient> = {}) {
  const ctx = fakeContext(platform);
  const route = createRouter(handlers, ctx);
  const ask = async (message: object, sender: object = UI_SENDER) => route(message, sender);
  return { ctx, ask };
}

const unreachable = () => Promise.reject(new PlatformError(0, 'platform_unreachable', 'no answer'));

describe('wallet.overview', () => {
  it('reads everything the popup shows from IndexedDB', async () => {
    const { ctx, ask } = setup();
    const db = await ctx.db();
    await db.put('account', account, 'self');
    await ctx.sessions.set(unlockedSession(account.walletId));
    await db.put('balances', { currency: 'CNY', amount: 12345 });
    await db.put('cards', {
      token: 'tok_2',
      brand: 'visa',
      first6: '424242',
      last4: '4242',
      expMonth: 1,
      expYear: 2030,
      isDefault: false,
      sandbox: true,
    });
    await db.put('cards', {
      token: 'tok_1',
      brand: 'unionpay',
      first6: '622202',
      last4: '0005',
      expMonth: 2,
      expYear: 2031,
      isDefault: true,
      sandbox: true,
    });
    await db.put('coupons', coupon(1, '2026-12-30T00:00:00Z'));
    await db.put('coupons', coupon(2, '2026-11-25T00:00:00Z'));
    await db.put('coupons', coupon(3, '2026-11-01T00:00:00Z')); // expired
    await db.put('coupons', coupon(4, '2026-12-01T00:00:00Z', 'used'));
    await db.put('inbox', {
      id: 'a',
      merchantId: 'm',
      merchantName: 'S',
      text: 'x',
      receivedAt: '2026-11-01T00:00:00Z',
      unread: 1,
    });
    await db.put('inbox', {
      id: 'b',
      merchantId: 'm',
      merchantName: 'S',
      text: 'y',
      receivedAt: '2026-11-02T00:00:00Z',
      unread: 0,
    });
    for (let i = 0; i < 25; i++) await db.put('transactions', transaction(i));

    const reply = await ask({ type: 'wallet.overview' });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const overview = reply.data as Record<string, never> & {
      coupons: { id: string }[];
      cards: { token: string }[];
      transactions: { items: { id: string }[]; nextCursor: string | null };
    };
    expect(overview).toMatchObject({
      account,
      balances: [{ currency: 'CNY', amount: 12345 }],
      couponCount: 2,
      unreadCount: 1,
    });
    expect(overview.cards.map((c) => c.token)).toEqual(['tok_1', 'tok_2']);
    expect(overview.coupons.map((c) => c.id)).toEqual(['c_2', 'c_1']);
    expect(overview.transactions.items[0]?.id).toBe('t_000024');
    expect(overview.transactions.items).toHaveLength(20);
    expect(overview.transactions.nextCursor).not.toBeNull();
  });
});

describe('transactions.page', () => {
  it('walks all history newest first without gaps or repeats', async () => {
    const { ctx, ask } = setup();
    const db = await ctx.db();
    for (let i = 0; i < 45; i++) await db.put('transactions', transaction(i));
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const reply = await ask({ type: 'transactions.page', limit: 20, ...(cursor && { cursor }) });
      if (!reply.ok) throw new Error(reply.error.message);
      const page = reply.data as { items: { id: string }[]; nextCursor: string | null };
      seen.push(...page.items.map((t) => t.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(45);
    expect(seen).toEqual([...seen].sort().reverse());
  });

  it('refuses a cursor it did not give out', async () => {
    const { ask } = setup();
    const reply = await ask({ type: 'transactions.page', cursor: 'not-a-cursor' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_request', issues: [{ field: 'cursor' }] } });
  });
});

describe('wallet.create', () => {
  it('registers the device public key and PIN, then stores account and key together', async () => {
    const createWallet = vi.fn(async () => ({
      walletId: 'w_new',
      deviceId: 'dev_1',
      passwordFreeLimit: { amount: 20000, currency: 'CNY' },
      createdAt: '2026-11-24T12:00:00Z',
      recoveryCode: 'ABCD-EFGH',
    }));
    const { ctx, ask } = setup({ createWallet, challenge: unreachable });
    const reply = await ask({ type: 'wallet.create', pin: '135790' });
    expect(reply).toMatchObject({
      ok: true,
      data: { account: { walletId: 'w_new', platformUrl: 'http://platform.test' }, recoveryCode: 'ABCD-EFGH' },
    });
    const sent = createWallet.mock.calls[0] as unknown as [{ devicePublicKey: JsonWebKey; pin: string }];
    expect(sent[0]).toMatchObject({ pin: '135790', deviceName: 'Chrome on Linux' });
    expect(sent[0].devicePublicKey).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(sent[0].devicePublicKey).not.toHaveProperty('d');
    const device = await (await ctx.db()).get('device', 'self');
    expect(device?.privateKey.extractable).toBe(false);
    expect(await ask({ type: 'wallet.create', pin: '135790' })).toMatchObject({
      ok: false,
      error: { code: 'wallet_exists' },
    });
  });

  it('writes nothing when the platform cannot be reached', async () => {
    const { ctx, ask } = setup({ createWallet: unreachable });
    expect(await ask({ type: 'wallet.create', pin: '135790' })).toMatchObject({
      ok: false,
      error: { code: 'platform_unreachable' },
    });
    const db = await ctx.db();
    expect(await db.get('account', 'self')).toBeUndefined();
    expect(await db.get('device', 'self')).toBeUndefined();
  });

  it("passes on the platform's field errors", async () => {
    const { ask } = setup({
      createWallet: () => Promise.reject(new PlatformError(429, 'rate_limited', 'Too many wallets')),
    });
    expect(await ask({ type: 'wallet.create', pin: '135790' })).toMatchObject({
      ok: false,
      error: { code: 'platform_error', message: 'Too many wallets' },
    });
  });

  it('names a PIN that is not 6 digits', async () => {
    const { ask } = setup();
    expect(await ask({ type: 'wallet.create', pin: '12ab' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', issues: [{ field: 'pin', expected: 'expected exactly 6 digits' }] },
    });
  });
});

describe('wallet.refresh', () => {
  async function withWallet(platform: Partial<PlatformClient>) {
    const env = setup({
      coupons: async () => ({ items: [coupon(1, '2026-12-30T00:00:00Z')] }),
      offers: async () => ({ items: [] }),
      messages: async () => ({ items: [] }),
      subscriptions: async () => ({ items: [] }),
      ...platform,
    });
    const db = await env.ctx.db();
    await db.put('account', account, 'self');
    await env.ctx.sessions.set(unlockedSession(account.walletId));
    await db.put('balances', { currency: 'CNY', amount: 1 });
    return env;
  }

  it('replaces balances and cards and caches the directory with its ETag', async () => {
    const { ctx, ask } = await withWallet({
      wallet: async () => ({
        walletId: 'w_test',
        passwordFreeLimit: { amount: 5000, currency: 'CNY' },
        dailyFreeTotal: { amount: 100_000, currency: 'CNY' },
        freeSpentToday: { amount: 0, currency: 'CNY' },
        balances: [{ currency: 'CNY', amount: 9900 }],
        cards: [],
        points: [],
      }),
      transactions: async () => ({ items: [transaction(1)], nextCursor: null }),
      directory: async () => ({ etag: '"v1"', partners: [partner] }),
    });
    expect(await ask({ type: 'wallet.refresh' })).toMatchObject({ ok: true });
    const db = await ctx.db();
    expect(await db.getAll('balances')).toEqual([{ currency: 'CNY', amount: 9900 }]);
    expect((await db.get('account', 'self'))?.passwordFreeLimit.amount).toBe(5000);
    expect(await db.get('directory', 'm_shop')).toMatchObject({ name: 'Demo Shop' });
    expect(await db.get('meta', 'directoryEtag')).toEqual({ key: 'directoryEtag', value: '"v1"' });
    expect((await ctx.sessions.get())?.token).toBe('tok');
    expect(await db.getAllKeys('coupons')).toEqual(['c_1']);
  });

  it('keeps the old state whole when one platform call fails', async () => {
    const { ctx, ask } = await withWallet({
      wallet: async () => ({
        walletId: 'w_test',
        passwordFreeLimit: account.passwordFreeLimit,
        dailyFreeTotal: { amount: 100_000, currency: 'CNY' },
        freeSpentToday: { amount: 0, currency: 'CNY' },
        balances: [{ currency: 'CNY', amount: 9900 }],
        cards: [],
        points: [],
      }),
      transactions: unreachable,
      directory: async () => ({ etag: null, partners: [] }),
    });
    expect(await ask({ type: 'wallet.refresh' })).toMatchObject({ ok: false, error: { code: 'platform_unreachable' } });
    expect(await (await ctx.db()).getAll('balances')).toEqual([{ currency: 'CNY', amount: 1 }]);
  });

  it('marks an offer claimed once the wallet holds as many of its coupons as one shopper may, used or not', async () => {
    const campaign = (id: string, perUserLimit: number) => ({
      id,
      merchantId: 'm_shop',
      merchantName: 'Demo Shop',
      title: `Offer ${id}`,
      kind: 'amount_off' as const,
      value: 500,
      minSpend: 0,
      currency: 'CNY',
      validFrom: '2026-11-01T00:00:00Z',
      validUntil: '2026-12-31T00:00:00Z',
      quantity: 100,
      remaining: 90,
      perUserLimit,
      state: 'running' as const,
    });
    const held = (id: string, campaignId: string, status: 'available' | 'used') => ({
      ...coupon(1, '2026-12-31T00:00:00Z', status),
      id,
      campaignId,
    });
    const { ask } = await withWallet({
      wallet: async () => ({
        walletId: 'w_test',
        passwordFreeLimit: account.passwordFreeLimit,
        dailyFreeTotal: { amount: 100_000, currency: 'CNY' },
        freeSpentToday: { amount: 0, currency: 'CNY' },
        balances: [],
        cards: [],
        points: [],
      }),
      transactions: async () => ({ items: [], nextCursor: null }),
      directory: async () => ({ etag: null, partners: [partner] }),
      coupons: async () => ({ items: [held('c_a', 'cmp_once', 'used'), held('c_b', 'cmp_twice', 'available')] }),
      offers: async () => ({ items: [campaign('cmp_once', 1), campaign('cmp_twice', 2)] }),
      claimCoupon: async () => held('c_c', 'cmp_twice', 'available'),
    });
    await ask({ type: 'wallet.refresh' });
    const claimed = async () => {
      const reply = await ask({ type: 'wallet.overview' });
      return reply.ok ? (reply.data as Overview).offers.map((o) => [o.id, o.claimed]) : reply;
    };
    expect(await claimed()).toEqual([
      ['cmp_once', true],
      ['cmp_twice', false],
    ]);
    expect(await ask({ type: 'coupons.claim', campaignId: 'cmp_twice' })).toMatchObject({ ok: true });
    expect(await claimed()).toEqual([
      ['cmp_once', true],
      ['cmp_twice', true],
    ]);
  });

  it('says there is no wallet yet', async () => {
    const { ask } = setup();
    expect(await ask({ type: 'wallet.refresh' })).toMatchObject({ ok: false, error: { code: 'no_wallet' } });
  });
});

describe('merchant.page', () => {
  it("badges a partner page with its coupon count when the origin is the partner's", async () => {
    const { ctx, ask } = setup();
    const db = await ctx.db();
    await db.put('directory', partner);
    await db.put('coupons', coupon(1, '2026-12-30T00:00:00Z'));
    await db.put('coupons', coupon(3, '2026-12-30T00:00:00Z'));
    await db.put('coupons', coupon(5, '2026-11-01T00:00:00Z'));
    expect(await ask({ type: 'merchant.page', merchantId: 'm_shop' }, contentSender())).toEqual({
      ok: true,
      data: { partner: true, name: 'Demo Shop', couponCount: 2 },
    });
    expect(ctx.badges.get(7)).toBe('2');
  });

  it("does not believe a page that claims another origin's merchant id", async () => {
    const { ctx, ask } = setup();
    await (await ctx.db()).put('directory', partner);
    expect(await ask({ type: 'merchant.page', merchantId: 'm_shop' }, contentSender('https://evil.example'))).toEqual({
      ok: true,
      data: { partner: false, couponCount: 0 },
    });
    expect(ctx.badges.size).toBe(0);
  });
});

describe('settings.update', () => {
  it('changes the limit on the platform first, then locally', async () => {
    const setPasswordFreeLimit = vi.fn(
      async (_token: string, passwordFreeLimit: { amount: number; currency: string }) => ({
        passwordFreeLimit,
        dailyFreeTotal: { amount: 100_000, currency: 'CNY' },
        freeSpentToday: { amount: 0, currency: 'CNY' },
      }),
    );
    const { ctx, ask } = setup({
      setPasswordFreeLimit,
    });
    const db = await ctx.db();
    await db.put('account', account, 'self');
    await ctx.sessions.set(unlockedSession(account.walletId));
    const reply = await ask({ type: 'settings.update', passwordFreeLimit: { amount: 50000, currency: 'CNY' } });
    expect(reply).toMatchObject({ ok: true, data: { passwordFreeLimit: { amount: 50000 } } });
    expect(setPasswordFreeLimit).toHaveBeenCalledWith('tok', { amount: 50000, currency: 'CNY' });
    expect((await db.get('account', 'self'))?.passwordFreeLimit.amount).toBe(50000);
  });

  it('names a float limit', async () => {
    const { ask } = setup();
    expect(await ask({ type: 'settings.update', passwordFreeLimit: { amount: 1.5, currency: 'CNY' } })).toMatchObject({
      ok: false,
      error: { issues: [{ field: 'passwordFreeLimit.amount' }] },
    });
  });
});

describe('sheet.pay retried after the platform did not answer', () => {
  async function openCheckout() {
    const pay = vi.fn<PlatformClient['pay']>(unreachable);
    const { ctx, ask } = setup({ pay });
    await (await ctx.db()).put('account', account, 'self');
    await ctx.sessions.set(unlockedSession(account.walletId, 'tok'));
    const view = {
      merchantId: 'm_1',
      merchantName: 'Shop',
      origin: 'https://shop.example',
      orderId: 'o-1',
      label: 'Game card',
      amount: { amount: 6_800, currency: 'CNY' },
      items: [],
      mode: 'direct' as const,
      expiresAt: '2026-11-24T12:15:00Z',
    };
    await ctx.checkouts.put({
      id: 'co-1',
      tabId: 7,
      tag: 'a.b.c',
      view,
      state: 'open',
      windowId: 100,
      result: null,
      createdAt: '2026-11-24T12:00:00Z',
    });
    return { ctx, ask, pay };
  }

  it('refuses other choices than the first try’s, which the sheet shows locked', async () => {
    const { ask, pay } = await openCheckout();
    const first = await ask({ type: 'sheet.pay', checkoutId: 'co-1', funding: { type: 'balance' } });
    expect(first).toMatchObject({ ok: false, error: { code: 'platform_unreachable' } });
    const loaded = await ask({ type: 'sheet.load', checkoutId: 'co-1' });
    expect(loaded).toMatchObject({ ok: true, data: { pendingChoices: { funding: { type: 'balance' } } } });

    const changed = await ask({
      type: 'sheet.pay',
      checkoutId: 'co-1',
      funding: { type: 'card', cardToken: 'tok_1' },
    });
    expect(changed).toMatchObject({ ok: false, error: { code: 'invalid_request', issues: [{ field: 'funding' }] } });
    expect(pay).toHaveBeenCalledTimes(1);

    await ask({ type: 'sheet.pay', checkoutId: 'co-1', funding: { type: 'balance' } });
    expect(pay).toHaveBeenCalledTimes(2);
    // The same idempotency key both times: the platform pays once, whatever the first try did.
    expect(pay.mock.calls[1]![1]).toBe(pay.mock.calls[0]![1]);
  });
});

describe('balance.topup after a lost reply', () => {
  it.each([
    [500, 'internal'],
    [502, 'http_error'],
    [503, 'try_again'],
    [504, 'card_network_timeout'],
  ])('keeps the move pending on a %i (%s) and retries it with the same key', async (status, code) => {
    const result = { transaction: transaction(1), balance: { currency: 'CNY', amount: 10_000 } };
    const topUp = vi
      .fn<PlatformClient['topUp']>()
      .mockImplementationOnce(() => Promise.reject(new PlatformError(status, code, 'a passing fault')))
      .mockImplementationOnce(async () => result);
    const { ctx, ask } = setup({ topUp });
    await (await ctx.db()).put('account', account, 'self');
    await ctx.sessions.set(unlockedSession(account.walletId, 'tok'));
    const request = { type: 'balance.topup', cardToken: 'tok_1', amount: { amount: 10_000, currency: 'CNY' } };
    expect(await ask(request)).toMatchObject({ ok: false, error: { code: 'platform_unreachable', reason: code } });
    expect(await (await ctx.db()).count('pendingMoves')).toBe(1);
    expect(await ask(request)).toMatchObject({ ok: true });
    expect(topUp.mock.calls[1]![1]).toBe(topUp.mock.calls[0]![1]);
  });

  it('retries with the same key until the platform answers, and forgets it then', async () => {
    const result = {
      transaction: transaction(1),
      balance: { currency: 'CNY', amount: 10_000 },
    };
    const topUp = vi
      .fn<PlatformClient['topUp']>()
      .mockImplementationOnce(unreachable)
      .mockImplementationOnce(async () => result);
    const { ctx, ask } = setup({ topUp });
    await (await ctx.db()).put('account', account, 'self');
    await ctx.sessions.set(unlockedSession(account.walletId, 'tok'));
    const request = { type: 'balance.topup', cardToken: 'tok_1', amount: { amount: 10_000, currency: 'CNY' } };
    expect(await ask(request)).toMatchObject({ ok: false, error: { code: 'platform_unreachable' } });
    expect(await (await ctx.db()).count('pendingMoves')).toBe(1);
    expect(await ask(request)).toMatchObject({ ok: true, data: { balance: { amount: 10_000 } } });
    expect(topUp.mock.calls[1]![1]).toBe(topUp.mock.calls[0]![1]);
    expect(await (await ctx.db()).count('pendingMoves')).toBe(0);
    expect(await (await ctx.db()).get('balances', 'CNY')).toEqual({ currency: 'CNY', amount: 10_000 });
  });
});

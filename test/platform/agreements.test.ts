import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../merchant/kit/src/index';
import { WEBHOOK_EVENT_DATA } from '../../protocol/webhook-events';
import { consoleSession } from '../support/console-session';
import { ledgerViolations } from '../support/ledger-invariants';
import { BACKENDS, platformWithTwoShops, type TestPlatform, type TwoShops } from '../support/platform';
import { signUpMerchant, TestWallet, type TestMerchant } from '../support/wallet-client';

const PIN = '246810';
const inAYear = () => Math.floor(Date.now() / 1000) + 365 * 86_400;

describe.each(BACKENDS)('password-free agreements on %s', (backend) => {
  let platform: TestPlatform;
  let hooks: TwoShops['hooks'];
  let shop: TestMerchant;
  let otherShop: TestMerchant;
  platformWithTwoShops(backend, (world) => ({ platform, hooks, shop, otherShop } = world));

  /** A shopper with ¥500 on the balance. */
  async function shopper() {
    const wallet = await TestWallet.create(platform.url);
    await wallet.topUp(await wallet.addCard(), 50_000);
    return wallet;
  }

  /** The tag of a ¥30-a-month membership (or other terms). */
  const offer = (terms: { cap?: number; period?: 'week' | 'month' | 'year'; end?: number; ttlSeconds?: number } = {}) =>
    shop.tag({
      orderId: `member-${randomUUID()}`,
      amount: terms.cap ?? 3_000,
      label: 'Gold membership',
      mode: 'agreement',
      agreement: { period: terms.period ?? 'month', end: terms.end ?? inAYear() },
      ...(terms.ttlSeconds && { ttlSeconds: terms.ttlSeconds }),
    });

  async function accepted(wallet: TestWallet, tag?: string) {
    const response = await wallet.call('POST', '/v1/wallet/agreements', { tag: tag ?? (await offer()), pin: PIN });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { id: string };
  }

  const charge = (id: string, amount: number, key = randomUUID(), orderId = `renewal-${randomUUID()}`) =>
    shop.call('POST', `/v1/merchant/agreements/${id}/charges`, { orderId, amount }, { 'idempotency-key': key });

  it('is accepted once with the PIN, and the shop hears of it; the same tag never makes two', async () => {
    const wallet = await shopper();
    const tag = await offer();
    const noPin = await wallet.call('POST', '/v1/wallet/agreements', { tag });
    expect(noPin.status).toBe(400);
    expect(noPin.body.issues).toContainEqual(expect.objectContaining({ field: 'pin' }));
    const wrongPin = await wallet.call('POST', '/v1/wallet/agreements', { tag, pin: '135791' });
    expect(wrongPin.body.code).toBe('pin_incorrect');

    const first = await wallet.call('POST', '/v1/wallet/agreements', { tag, pin: PIN });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      merchantName: 'Demo Shop',
      description: 'Gold membership',
      cap: { amount: 3_000, currency: 'CNY' },
      period: 'month',
      state: 'active',
      spentThisPeriod: { amount: 0, currency: 'CNY' },
    });
    const again = await wallet.call('POST', '/v1/wallet/agreements', { tag, pin: PIN });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const stranger = await shopper();
    const theirs = await stranger.call('POST', '/v1/wallet/agreements', { tag, pin: PIN });
    expect(theirs.status).toBe(409);
    expect(theirs.body.code).toBe('tag_reused');

    const delivery = await hooks.deliveryOf(first.body.id);
    const event = verifyWebhook(shop.webhookSecret, delivery.rawBody, delivery.headers);
    expect(event.type).toBe('agreement.created');
    expect(WEBHOOK_EVENT_DATA['agreement.created'].parse(event.data).agreement.id).toBe(first.body.id);
    expect(delivery.rawBody).not.toContain(wallet.walletId);
  });

  it('keeps agreements and payments apart: an agreement’s tag is not paid, a checkout’s is not accepted', async () => {
    const wallet = await shopper();
    const paid = await wallet.pay(await offer());
    expect(paid.status).toBe(400);
    expect(paid.body.issues).toEqual([{ field: 'tag.payload.mode', expected: expect.stringContaining('"direct"') }]);
    const checkout = await wallet.call('POST', '/v1/wallet/agreements', { tag: await shop.tag({}), pin: PIN });
    expect(checkout.status).toBe(400);
    expect(checkout.body.issues).toEqual([{ field: 'tag.payload.mode', expected: '"agreement"' }]);
    expect(await wallet.balance()).toBe(50_000);
  });

  it('charges within the cap for the period, idempotently, as payments the shopper sees; not the daily total', async () => {
    const wallet = await shopper();
    const { id } = await accepted(wallet);
    const key = randomUUID();
    const first = await charge(id, 2_000, key, 'renewal-1');
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.payment).toMatchObject({ agreementId: id, orderId: 'renewal-1', label: 'Gold membership' });
    const replay = await charge(id, 2_000, key, 'renewal-1');
    expect(replay.body.payment.id).toBe(first.body.payment.id);
    expect((await charge(id, 1_500, key, 'renewal-1')).body.code).toBe('idempotency_key_reused');
    const noKey = await shop.call('POST', `/v1/merchant/agreements/${id}/charges`, { orderId: 'x', amount: 1 });
    expect(noKey.body.code).toBe('idempotency_key_required');

    const over = await charge(id, 1_001);
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({
      code: 'agreement_cap_exceeded',
      issues: [{ field: 'amount', expected: 'at most 1000' }],
    });
    expect((await charge(id, 1_000)).status).toBe(201);
    expect((await charge(id, 1)).body.code).toBe('agreement_cap_exceeded');
    expect((await charge(id, 100, randomUUID(), 'renewal-1')).body.code).toBe('agreement_cap_exceeded');

    expect(await wallet.balance()).toBe(50_000 - 3_000);
    const { body: account } = await wallet.call('GET', '/v1/wallet');
    expect(account.freeSpentToday.amount).toBe(0);
    const history = (await wallet.call('GET', '/v1/wallet/transactions')).body.items;
    // Each charge is marked in the shopper's history as made under the agreement.
    expect(
      history
        .filter((t: { paymentId?: string }) => t.paymentId)
        .map((t: { amount: { amount: number }; agreementId?: string }) => [t.amount.amount, t.agreementId]),
    ).toEqual([
      [1_000, id],
      [2_000, id],
    ]);
    const delivery = await hooks.deliveryOf(first.body.payment.id);
    expect(JSON.parse(delivery.rawBody)).toMatchObject({
      type: 'payment.succeeded',
      data: { payment: { agreementId: id } },
    });
    const view = await shop.call('GET', `/v1/merchant/agreements/${id}`);
    expect(view.body.spentThisPeriod).toEqual({ amount: 3_000, currency: 'CNY' });
    // A refund gives the shopper the money back; the period's cap stays spent.
    expect(
      (
        await shop.call(
          'POST',
          `/v1/merchant/payments/${first.body.payment.id}/refunds`,
          {},
          { 'idempotency-key': randomUUID() },
        )
      ).status,
    ).toBe(201);
    expect(await wallet.balance()).toBe(50_000 - 1_000);
    expect((await charge(id, 1)).body.code).toBe('agreement_cap_exceeded');
    expect(await ledgerViolations(platform.platform.db)).toEqual([]);
  });

  it('charges an order once: an order the shop was already paid for is refused', async () => {
    const wallet = await shopper();
    const { id } = await accepted(wallet);
    const orderId = `order-${randomUUID()}`;
    expect((await wallet.pay(await shop.tag({ amount: 500, orderId }))).status).toBe(201);
    const again = await charge(id, 500, randomUUID(), orderId);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('order_already_paid');
    expect(await wallet.balance()).toBe(50_000 - 500);
  });

  it('lets only its own shop charge or read it, and refuses a charge the balance cannot cover', async () => {
    const wallet = await TestWallet.create(platform.url);
    const { id } = await accepted(wallet);
    const foreign = await otherShop.call(
      'POST',
      `/v1/merchant/agreements/${id}/charges`,
      { orderId: 'steal', amount: 100 },
      { 'idempotency-key': randomUUID() },
    );
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('agreement_not_found');
    expect((await otherShop.call('GET', `/v1/merchant/agreements/${id}`)).status).toBe(404);
    expect((await otherShop.call('POST', `/v1/merchant/agreements/${id}/cancel`)).status).toBe(404);
    const stranger = await shopper();
    expect((await stranger.call('POST', `/v1/wallet/agreements/${id}/cancel`)).status).toBe(404);
    const broke = await charge(id, 100);
    expect(broke.status).toBe(402);
    expect(broke.body.code).toBe('insufficient_balance');
  });

  it('stops at once when cancelled, even with charges racing the cancellation', async () => {
    const wallet = await shopper();
    const { id } = await accepted(wallet, await offer({ cap: 2_000 }));
    // Twenty charges of ¥1 race one cancellation: each either committed before it or is refused.
    const racing = Array.from({ length: 20 }, () => charge(id, 100));
    const cancelled = wallet.call('POST', `/v1/wallet/agreements/${id}/cancel`);
    const [answers, cancel] = await Promise.all([Promise.all(racing), cancelled]);
    expect(cancel.status).toBe(200);
    expect(cancel.body.state).toBe('cancelled');
    const charged = answers.filter((a) => a.status === 201);
    expect(answers.filter((a) => a.status !== 201).every((a) => a.body.code === 'agreement_cancelled')).toBe(true);
    const cancelledAt = Date.parse(cancel.body.cancelledAt);
    for (const a of charged) expect(Date.parse(a.body.payment.createdAt)).toBeLessThanOrEqual(cancelledAt);
    expect(await wallet.balance()).toBe(50_000 - 100 * charged.length);

    expect((await charge(id, 100)).body.code).toBe('agreement_cancelled');
    const again = await wallet.call('POST', `/v1/wallet/agreements/${id}/cancel`);
    expect(again.body.cancelledAt).toBe(cancel.body.cancelledAt);
    // The shop hears the cancellation once, though it was asked for twice.
    const cancellations = () =>
      hooks.received.filter((r) => r.rawBody.includes('"agreement.cancelled"') && r.rawBody.includes(id));
    await expect.poll(() => cancellations().length, { timeout: 10_000 }).toBe(1);
    const list = await wallet.call('GET', '/v1/wallet/agreements');
    expect(list.body.items.find((a: { id: string }) => a.id === id)).toMatchObject({ state: 'cancelled' });
    expect(await ledgerViolations(platform.platform.db)).toEqual([]);
  });

  it('never passes the cap, however many charges come at once', async () => {
    const wallet = await shopper();
    const { id } = await accepted(wallet, await offer({ cap: 1_000, period: 'week' }));
    const answers = await Promise.all(Array.from({ length: 16 }, () => charge(id, 100)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(10);
    expect(answers.filter((a) => a.status !== 201).every((a) => a.body.code === 'agreement_cap_exceeded')).toBe(true);
    expect(await wallet.balance()).toBe(50_000 - 1_000);
  });

  it('charges the card the shopper chose; never another wallet’s card, nothing once it is removed or declines', async () => {
    const wallet = await TestWallet.create(platform.url);
    const card = await wallet.addCard();
    const onCard = async (cardToken: string) =>
      wallet.call('POST', '/v1/wallet/agreements', {
        tag: await offer(),
        pin: PIN,
        funding: { type: 'card', cardToken },
      });
    const agreed = await onCard(card);
    expect([agreed.status, agreed.body.paidFrom]).toEqual([201, 'card']);
    // The wallet learns which card pays an active agreement, to say so before it is removed.
    const autoPayOf = async () =>
      ((await wallet.call('GET', '/v1/wallet')).body.cards as { token: string; autoPay?: number }[]).map(
        (c) => c.autoPay,
      );
    expect(await autoPayOf()).toEqual([1]);
    const charged = await charge(agreed.body.id, 2_000);
    expect(charged.status, JSON.stringify(charged.body)).toBe(201);
    expect(charged.body.payment).toMatchObject({ funding: 'card', agreementId: agreed.body.id });
    expect(await wallet.balance()).toBe(0);
    // The cap holds for a card as for the balance; a refund goes back to the card.
    expect((await charge(agreed.body.id, 1_001)).body.code).toBe('agreement_cap_exceeded');
    const refunded = await shop.call(
      'POST',
      `/v1/merchant/payments/${charged.body.payment.id}/refunds`,
      { amount: 500 },
      { 'idempotency-key': randomUUID() },
    );
    expect(refunded.status, JSON.stringify(refunded.body)).toBe(201);
    expect(await wallet.balance()).toBe(0);

    const stranger = await TestWallet.create(platform.url);
    const foreign = await onCard(await stranger.addCard());
    expect([foreign.status, foreign.body.issues]).toEqual([
      404,
      [{ field: 'funding.cardToken', expected: "the token of one of this wallet's cards" }],
    ]);
    const poor = await onCard(await wallet.addCard('6200000000000021'));
    const declined = await charge(poor.body.id, 500);
    expect([declined.status, declined.body.code]).toEqual([402, 'card_insufficient_funds']);
    expect((await shop.call('GET', `/v1/merchant/agreements/${poor.body.id}`)).body.spentThisPeriod.amount).toBe(0);

    expect((await wallet.call('DELETE', `/v1/wallet/cards/${card}`)).status).toBe(200);
    const removed = await charge(agreed.body.id, 100);
    expect([removed.status, removed.body.code]).toEqual([409, 'agreement_card_removed']);
    const pending = await platform.platform.db
      .selectFrom('card_charges')
      .select('id')
      .where('wallet_id', '=', wallet.walletId)
      .where('status', '=', 'pending')
      .execute();
    expect(pending).toEqual([]);
    expect(await ledgerViolations(platform.platform.db)).toEqual([]);
  });

  it('gives the card charge back when the charge is refused under the lock', async () => {
    const wallet = await TestWallet.create(platform.url);
    const card = await wallet.addCard();
    const agreed = await wallet.call('POST', '/v1/wallet/agreements', {
      tag: await offer(),
      pin: PIN,
      funding: { type: 'card', cardToken: card },
    });
    // Sixteen at once: each passes the first look at the cap, one card charge each; under the lock only
    // what fits stands, and every other charge is given back.
    const answers = await Promise.all(Array.from({ length: 16 }, () => charge(agreed.body.id, 1_000)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
    expect(answers.filter((a) => a.status !== 201).every((a) => a.body.code === 'agreement_cap_exceeded')).toBe(true);
    const charges = await platform.platform.db
      .selectFrom('card_charges')
      .select('status')
      .where('wallet_id', '=', wallet.walletId)
      .execute();
    expect(charges.filter((c) => c.status === 'captured')).toHaveLength(3);
    expect(charges.filter((c) => c.status === 'pending')).toEqual([]);
    expect(await ledgerViolations(platform.platform.db)).toEqual([]);
  });

  it('lists the shop’s own agreements, newest first, by state, a page at a time', async () => {
    const wallet = await shopper();
    const kept = await accepted(wallet);
    const cancelled = await accepted(wallet);
    const latest = await accepted(wallet);
    expect((await shop.call('POST', `/v1/merchant/agreements/${cancelled.id}/cancel`)).status).toBe(200);
    expect((await charge(latest.id, 700)).status).toBe(201);
    type Listed = { items: { id: string; state: string; spentThisPeriod: { amount: number } }[]; nextCursor: string };
    const list = async (query: string, by = shop) =>
      (await by.call('GET', `/v1/merchant/agreements?${query}`)).body as Listed;
    const ours = (listed: Listed) => listed.items.filter((a) => [kept.id, cancelled.id, latest.id].includes(a.id));

    const all = await list('limit=100');
    expect(ours(all).map((a) => [a.id, a.state, a.spentThisPeriod.amount])).toEqual([
      [latest.id, 'active', 700],
      [cancelled.id, 'cancelled', 0],
      [kept.id, 'active', 0],
    ]);
    expect(ours(await list('state=active&limit=100')).map((a) => a.id)).toEqual([latest.id, kept.id]);
    expect(ours(await list('state=cancelled&limit=100')).map((a) => a.id)).toEqual([cancelled.id]);
    expect(ours(await list('state=ended&limit=100'))).toEqual([]);
    const first = await list('limit=1');
    expect(first.items.map((a) => a.id)).toEqual([all.items[0]!.id]);
    const second = await list(`limit=1&cursor=${first.nextCursor}`);
    expect(second.items.map((a) => a.id)).toEqual([all.items[1]!.id]);
    expect(ours(await list('limit=100', otherShop))).toEqual([]);

    const wrong = await shop.call('GET', '/v1/merchant/agreements?state=paused&limit=0');
    expect(wrong.status).toBe(400);
    expect(wrong.body.issues).toEqual([
      { field: 'limit', expected: 'expected 1 to 100' },
      { field: 'state', expected: 'expected active, cancelled or ended' },
    ]);
  });

  it('shows the shop its agreements and their charges in the console, and ends one only when confirmed', async () => {
    const login = { email: `agreements-${backend}@shop.example`, password: 'twelve chars or more' };
    const consoleShop = await signUpMerchant(platform.url, { name: 'Club Shop', console: login });
    const wallet = await shopper();
    const tag = await consoleShop.tag({
      orderId: 'club-1',
      amount: 1_000,
      label: 'Club',
      mode: 'agreement',
      agreement: { period: 'year', end: inAYear() },
    });
    const { id } = await accepted(wallet, tag);
    const charged = await consoleShop.call(
      'POST',
      `/v1/merchant/agreements/${id}/charges`,
      { orderId: 'club-1-2026', amount: 1_000 },
      { 'idempotency-key': randomUUID() },
    );
    const session = await consoleSession(platform.url, login);
    const payment = await (await session.page(`/console/payments/${charged.body.payment.id}`)).text();
    expect(payment).toMatch(
      new RegExp(`<dt>Charged under agreement</dt>\\s*<dd>\\s*<a href="/console/agreements/${id}"><code>${id}</code>`),
    );
    const list = await (await session.page('/console/agreements?state=active')).text();
    expect(list).toContain(`<a href="/console/agreements/${id}">club-1</a>`);
    expect(list).toContain('¥10.00 a year');
    expect((await session.page('/console/agreements?state=paused')).status).toBe(422);
    const page = await (await session.page(`/console/agreements/${id}`)).text();
    expect(page).toContain(`<a href="/console/payments/${charged.body.payment.id}">club-1-2026</a>`);
    // Another shop's agreement is not found; an unticked box ends nothing.
    expect((await session.page(`/console/agreements/${(await accepted(wallet)).id}`)).status).toBe(404);
    const unticked = await session.post(`/console/agreements/${id}/cancel`, {});
    expect(unticked.status).toBe(422);
    expect(await unticked.text()).toContain('Tick the box first: an ended agreement cannot start again.');
    expect((await consoleShop.call('GET', `/v1/merchant/agreements/${id}`)).body.state).toBe('active');
    const ended = await session.post(`/console/agreements/${id}/cancel`, { confirm: 'yes' });
    expect([ended.status, ended.headers.get('location')]).toEqual([
      303,
      `/console/agreements/${id}?done=agreement-ended`,
    ]);
    expect((await consoleShop.call('GET', `/v1/merchant/agreements/${id}`)).body.state).toBe('cancelled');
    const after = await (await session.page(`/console/agreements/${id}?done=agreement-ended`)).text();
    expect(after).toContain('Agreement ended: nothing more can be charged under it.');
    expect(after).not.toContain('End this agreement');
  });

  it('charges nothing after its end', async () => {
    const wallet = await shopper();
    const now = Math.floor(Date.now() / 1000);
    const { id } = await accepted(wallet, await offer({ ttlSeconds: 1, end: now + 2 }));
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    const late = await charge(id, 100);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('agreement_ended');
    expect((await shop.call('GET', `/v1/merchant/agreements/${id}`)).body.state).toBe('ended');
  });
});

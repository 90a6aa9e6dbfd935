import { beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../merchant/kit/src/index';
import { WEBHOOK_EVENT_DATA, webhookEventSchema } from '../../protocol/webhook-events';
import { consoleSession } from '../support/console-session';
import { BACKENDS, platformWithTwoShops, type TestPlatform, type TwoShops } from '../support/platform';
import { signUpMerchant, TestWallet, type TestMerchant } from '../support/wallet-client';

describe.each(BACKENDS)('talking to the shop on %s', (backend) => {
  let platform: TestPlatform;
  let hooks: TwoShops['hooks'];
  let shop: TestMerchant;
  let otherShop: TestMerchant;
  let shopper: TestWallet;
  platformWithTwoShops(backend, (world) => ({ platform, hooks, shop, otherShop } = world));
  beforeAll(async () => {
    shopper = await TestWallet.create(platform.url);
    await shopper.topUp(await shopper.addCard(), 50_000);
  });

  /** One of the shopper's payments at `shop`, by id. */
  async function paid(orderId = `order-${Math.random().toString(36).slice(2)}`): Promise<string> {
    const payment = await shopper.pay(await shop.tag({ amount: 1_000, orderId }));
    expect(payment.status, JSON.stringify(payment.body)).toBe(201);
    return payment.body.payment.id;
  }

  it('carries the shopper’s line to the shop (webhook and API) and the answer back to the wallet’s messages', async () => {
    const paymentId = await paid('order-talk-1');
    const empty = await shopper.call('GET', `/v1/wallet/payments/${paymentId}/messages`);
    expect(empty.body).toEqual({ paymentId, orderId: 'order-talk-1', merchantName: 'Demo Shop', items: [] });

    const written = await shopper.call('POST', `/v1/wallet/payments/${paymentId}/messages`, {
      text: '  When will it ship?\nThe blue one, please.  ',
    });
    expect(written.status, JSON.stringify(written.body)).toBe(201);
    expect(written.body.items).toEqual([
      {
        id: expect.any(String),
        from: 'shopper',
        text: 'When will it ship?\nThe blue one, please.',
        sentAt: expect.any(String),
      },
    ]);

    // The shop hears it by webhook: the payment it already has and the line, nothing about the wallet.
    const delivery = await hooks.deliveryOf(written.body.items[0].id);
    const event = verifyWebhook(shop.webhookSecret, delivery.rawBody, delivery.headers);
    expect(event.type).toBe('payment.message_received');
    const body = webhookEventSchema('payment.message_received').parse(JSON.parse(delivery.rawBody));
    const data = WEBHOOK_EVENT_DATA['payment.message_received'].parse(body.data);
    expect(data.payment).toMatchObject({ id: paymentId, orderId: 'order-talk-1' });
    expect(data.message.text).toBe('When will it ship?\nThe blue one, please.');
    expect(delivery.rawBody).not.toContain(shopper.walletId);

    const read = await shop.call('GET', `/v1/merchant/payments/${paymentId}/messages`);
    expect(read.body.items.map((line: { from: string }) => line.from)).toEqual(['shopper']);
    const answered = await shop.call('POST', `/v1/merchant/payments/${paymentId}/messages`, {
      text: 'Tomorrow, in blue.',
    });
    expect(answered.status, JSON.stringify(answered.body)).toBe(201);
    expect(answered.body.items.map((line: { from: string; text: string }) => [line.from, line.text])).toEqual([
      ['shopper', 'When will it ship?\nThe blue one, please.'],
      ['shop', 'Tomorrow, in blue.'],
    ]);

    const inbox = await shopper.call('GET', '/v1/wallet/messages');
    expect(inbox.body.items[0]).toMatchObject({
      merchantId: shop.merchantId,
      merchantName: 'Demo Shop',
      text: 'Tomorrow, in blue.',
      about: { paymentId, orderId: 'order-talk-1' },
    });
    const again = await shopper.call('GET', `/v1/wallet/payments/${paymentId}/messages`);
    expect(again.body).toEqual(answered.body);
  });

  it('lets no one else read or write a conversation: another shop, another wallet', async () => {
    const paymentId = await paid();
    await shopper.call('POST', `/v1/wallet/payments/${paymentId}/messages`, { text: 'Is it in stock?' });

    const otherRead = await otherShop.call('GET', `/v1/merchant/payments/${paymentId}/messages`);
    expect(otherRead.status).toBe(404);
    expect(otherRead.body.code).toBe('payment_not_found');
    const otherAnswer = await otherShop.call('POST', `/v1/merchant/payments/${paymentId}/messages`, { text: 'Hi' });
    expect(otherAnswer.status).toBe(404);

    const stranger = await TestWallet.create(platform.url);
    for (const attempt of [
      await stranger.call('GET', `/v1/wallet/payments/${paymentId}/messages`),
      await stranger.call('POST', `/v1/wallet/payments/${paymentId}/messages`, { text: 'Let me in' }),
    ]) {
      expect(attempt.status).toBe(404);
      expect(attempt.body.code).toBe('payment_not_found');
    }
    // None of the refused lines was written, and the stranger's messages hold nothing of it.
    const { body } = await shop.call('GET', `/v1/merchant/payments/${paymentId}/messages`);
    expect(body.items.map((line: { text: string }) => line.text)).toEqual(['Is it in stock?']);
    expect((await stranger.call('GET', '/v1/wallet/messages')).body.items).toEqual([]);
    const noAuth = await fetch(`${platform.url}/v1/merchant/payments/${paymentId}/messages`);
    expect(noAuth.status).toBe(401);
  });

  it('refuses a shop starting a conversation, and names what is wrong with a line', async () => {
    const paymentId = await paid();
    const first = await shop.call('POST', `/v1/merchant/payments/${paymentId}/messages`, { text: 'Buy more!' });
    expect(first.status).toBe(409);
    expect(first.body.code).toBe('conversation_not_started');
    expect((await shopper.call('GET', `/v1/wallet/messages`)).body.items).not.toContainEqual(
      expect.objectContaining({ text: 'Buy more!' }),
    );

    const path = `/v1/wallet/payments/${paymentId}/messages` as const;
    const cases: [unknown, string][] = [
      [{ text: '   ' }, 'expected the message text'],
      [{ text: 'x'.repeat(1_001) }, 'expected at most 1000 characters'],
      [{ text: 'bad \u0000 byte' }, 'expected text without NUL characters or broken Unicode (lone surrogates)'],
      [{ text: 'hi', walletId: 'w' }, ''],
    ];
    for (const [body, expected] of cases) {
      const refused = await shopper.call('POST', path, body);
      expect(refused.status, JSON.stringify(refused.body)).toBe(400);
      expect(refused.body.code).toBe('invalid_request');
      if (expected) expect(refused.body.issues).toEqual([{ field: 'text', expected }]);
    }
    expect((await shopper.call('GET', path)).body.items).toEqual([]);
  });

  it('shows the shop who waits for an answer in its console, and sends the answer typed there', async () => {
    const login = { email: `talk-${backend}@shop.example`, password: 'twelve chars or more' };
    const consoleShop = await signUpMerchant(platform.url, { name: 'Console Shop', console: login });
    const payment = await shopper.pay(await consoleShop.tag({ amount: 500, orderId: 'order-console-1' }));
    const paymentId: string = payment.body.payment.id;
    const session = await consoleSession(platform.url, login);
    const page = async (path: string) => (await session.page(path)).text();
    const post = (path: string, form: Record<string, string>) => session.post(path, form);

    expect(await page(`/console/payments/${paymentId}`)).toContain('The shopper has not written about this order.');
    expect(await page('/console/overview')).not.toContain('data-testid="unanswered"');
    await shopper.call('POST', `/v1/wallet/payments/${paymentId}/messages`, { text: 'Can I pick it up <b>today</b>?' });
    const overview = await page('/console/overview');
    expect(overview).toContain('data-testid="unanswered"');
    expect(overview).toContain('Can I pick it up &lt;b&gt;today&lt;/b&gt;?');
    expect(overview).toContain(`/console/payments/${paymentId}#conversation`);

    const empty = await post(`/console/payments/${paymentId}/messages`, { text: '  ' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toMatch(/id="answer-text-error">expected the message text</);
    const sent = await post(`/console/payments/${paymentId}/messages`, { text: 'Yes, after 3 pm.' });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`/console/payments/${paymentId}?done=answered#conversation`);
    expect(await page(`/console/payments/${paymentId}?done=answered`)).toContain('Yes, after 3 pm.');
    expect(await page('/console/overview')).not.toContain('data-testid="unanswered"');
    const inbox = await shopper.call('GET', '/v1/wallet/messages');
    expect(inbox.body.items[0]).toMatchObject({ text: 'Yes, after 3 pm.', about: { paymentId } });

    // Another shop's payment is not this console's to read or answer.
    const foreign = await shopper.pay(await shop.tag({ amount: 100 }));
    const foreignId: string = foreign.body.payment.id;
    await shopper.call('POST', `/v1/wallet/payments/${foreignId}/messages`, { text: 'For the other shop' });
    expect((await session.page(`/console/payments/${foreignId}`)).status).toBe(404);
    expect((await post(`/console/payments/${foreignId}/messages`, { text: 'Hijack' })).status).toBe(404);
    expect((await shop.call('GET', `/v1/merchant/payments/${foreignId}/messages`)).body.items).toHaveLength(1);
  });

  it('limits how many lines a wallet writes an hour', async () => {
    // The limit counts in fixed hours: an hour ending midway would start the count again.
    const intoHour = Date.now() % 3_600_000;
    if (intoHour > 3_590_000) await new Promise((resolve) => setTimeout(resolve, 3_600_000 - intoHour + 100));
    const writer = await TestWallet.create(platform.url);
    await writer.topUp(await writer.addCard(), 10_000);
    const payment = await writer.pay(await shop.tag({ amount: 100 }));
    const path = `/v1/wallet/payments/${payment.body.payment.id}/messages` as const;
    const answers = [];
    for (let i = 0; i < 21; i++) answers.push(await writer.call('POST', path, { text: `line ${i}` }));
    expect(answers.slice(0, 20).every((a) => a.status === 201)).toBe(true);
    expect(answers[20]!.status).toBe(429);
    expect(answers[20]!.body.code).toBe('rate_limited');
    expect((await writer.call('GET', path)).body.items).toHaveLength(20);
  });
});

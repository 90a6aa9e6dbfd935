import { webhookEventSchema } from '../../protocol/webhook-events';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyReceipt, verifyWebhook } from '../../merchant/kit/src/index';
import { BACKENDS, startTestPlatform, type TestPlatform } from '../support/platform';
import { signUpMerchant, TestWallet, type TestMerchant } from '../support/wallet-client';
import { webhookReceiver } from '../support/webhook-receiver';

describe.each(BACKENDS)('payments on %s', (backend) => {
  let platform: TestPlatform;
  let hooks: Awaited<ReturnType<typeof webhookReceiver>>;
  let merchant: TestMerchant;

  beforeAll(async () => {
    platform = await startTestPlatform(backend);
    hooks = await webhookReceiver();
    merchant = await signUpMerchant(platform.url, { webhookUrl: hooks.url });
  });
  afterAll(async () => {
    await platform?.close();
    await hooks?.close();
  });

  async function fundedWallet(amount = 50_000) {
    const wallet = await TestWallet.create(platform.url);
    const card = await wallet.addCard();
    expect((await wallet.topUp(card, amount)).status).toBe(201);
    return { wallet, card };
  }

  it('tops up, pays a signed tag from the balance, and the merchant gets a signed webhook', async () => {
    const { wallet } = await fundedWallet();
    expect(await wallet.balance()).toBe(50_000);
    const tag = await merchant.tag({ amount: 12_800 });
    const paid = await wallet.pay(tag);
    expect(paid.status).toBe(201);
    expect(paid.body.payment).toMatchObject({
      merchantId: merchant.merchantId,
      amount: { amount: 12_800, currency: 'CNY' },
      status: 'succeeded',
      funding: 'balance',
    });
    expect(paid.body.balance).toEqual({ currency: 'CNY', amount: 37_200 });
    expect(await wallet.balance()).toBe(37_200);

    const receipt = await verifyReceipt(paid.body.receipt, {
      platformUrl: platform.platform.config.publicUrl,
      merchantId: merchant.merchantId,
    });
    expect(receipt).toMatchObject({ paymentId: paid.body.payment.id, amount: 12_800, currency: 'CNY' });

    const delivery = await hooks.deliveryOf(paid.body.payment.id);
    const event = verifyWebhook(merchant.webhookSecret, delivery.rawBody, delivery.headers);
    expect(event.type).toBe('payment.succeeded');
    // The body is the one the API reference lists under webhooks.
    expect(webhookEventSchema('payment.succeeded').safeParse(event).error).toBeUndefined();
    expect(delivery.eventId).toBe(event.id);
    expect(() => verifyWebhook('whsec_d3Jvbmc=', delivery.rawBody, delivery.headers)).toThrow('No matching signature');
    // The secret is as Standard Webhooks libraries read it, and so is the delivery.
    expect(merchant.webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(new Webhook(merchant.webhookSecret).verify(delivery.rawBody, delivery.headers)).toMatchObject({
      id: event.id,
    });
  });

  it('answers a retried payment with the first reply and charges once', async () => {
    const { wallet } = await fundedWallet(20_000);
    const tag = await merchant.tag({ amount: 5_000 });
    const first = await wallet.pay(tag, { key: 'order-42-attempt' });
    const again = await wallet.pay(tag, { key: 'order-42-attempt' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await wallet.balance()).toBe(15_000);
    const other = await wallet.pay(await merchant.tag({ amount: 1 }), { key: 'order-42-attempt' });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('idempotency_key_reused');
    // The key is not looked up first (a payment's tag refuses a repeat itself): the other tag's payment
    // ran up to its write, which the key's reply refused, all of it.
    expect(await wallet.balance()).toBe(15_000);
  });

  it('refuses a replayed tag under a new key, and moves no money', async () => {
    const { wallet } = await fundedWallet(20_000);
    const tag = await merchant.tag({ amount: 3_000 });
    expect((await wallet.pay(tag)).status).toBe(201);
    const replay = await wallet.pay(tag);
    expect(replay.status).toBe(409);
    expect(replay.body).toMatchObject({ code: 'tag_reused', issues: [{ field: 'tag.payload.jti' }] });
    expect(await wallet.balance()).toBe(17_000);
  });

  it('pays straight from a card', async () => {
    const { wallet, card } = await fundedWallet(1_000);
    const paid = await wallet.pay(await merchant.tag({ amount: 9_900 }), {
      funding: { type: 'card', cardToken: card },
    });
    expect(paid.status).toBe(201);
    expect(paid.body.payment.funding).toBe('card');
    expect(paid.body.balance).toBeNull();
    expect(await wallet.balance()).toBe(1_000);
  });

  it('lets the merchant refund in parts, never more than was paid', async () => {
    const { wallet } = await fundedWallet(20_000);
    const paid = await wallet.pay(await merchant.tag({ amount: 10_000 }));
    const id = paid.body.payment.id;
    const part = await merchant.call(
      'POST',
      `/v1/merchant/payments/${id}/refunds`,
      { amount: 4_000 },
      { 'idempotency-key': `refund-${id}-1` },
    );
    expect(part.status).toBe(201);
    expect(part.body.payment).toMatchObject({ status: 'partially_refunded', refunded: { amount: 4_000 } });
    const replay = await merchant.call(
      'POST',
      `/v1/merchant/payments/${id}/refunds`,
      { amount: 4_000 },
      { 'idempotency-key': `refund-${id}-1` },
    );
    expect(replay.body).toEqual(part.body);
    const tooMuch = await merchant.call(
      'POST',
      `/v1/merchant/payments/${id}/refunds`,
      { amount: 7_000 },
      { 'idempotency-key': `refund-${id}-2` },
    );
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body).toMatchObject({
      code: 'refund_exceeds_payment',
      issues: [{ field: 'amount', expected: 'at most 6000' }],
    });
    const rest = await merchant.call(
      'POST',
      `/v1/merchant/payments/${id}/refunds`,
      {},
      { 'idempotency-key': `refund-${id}-3` },
    );
    expect(rest.body.payment).toMatchObject({ status: 'refunded', refunded: { amount: 10_000 } });
    expect(await wallet.balance()).toBe(20_000);
    const history = await wallet.call('GET', '/v1/wallet/transactions?limit=10');
    expect(history.body.items.map((t: { kind: string }) => t.kind)).toEqual(['refund', 'refund', 'payment', 'topup']);
  });
});

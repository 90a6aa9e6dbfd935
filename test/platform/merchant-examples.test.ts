import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { signUpMerchant, TestWallet, type TestMerchant } from '../support/wallet-client';
import { webhookReceiver } from '../support/webhook-receiver';

const examples = resolve(import.meta.dirname, '../../merchant/examples');
const vectors = resolve(import.meta.dirname, '../../merchant/spec/test-vectors.json');
const scratch = mkdtempSync(join(tmpdir(), 'pouch-examples-'));

/** Runs an example's command; resolves with its output, rejects with its error output. Asynchronous: the platform it calls runs in this process. */
function run(command: string[], stdin = ''): Promise<string> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command[0]!, command.slice(1));
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('close', (code) => (code === 0 ? resolveRun(out.trim()) : reject(new Error(err || `exit ${code}`))));
    child.stdin.end(stdin);
  });
}

/** Each example as the command that runs it: Debian's Python 3 with PyJWT, and a Go binary built here. */
const LANGUAGES = {
  Python: () => ['/usr/bin/python3', join(examples, 'python/pouch_shop.py')],
  Go: () => {
    const binary = join(scratch, 'pouchshop');
    execFileSync('go', ['build', '-o', binary, '.'], {
      cwd: join(examples, 'go'),
      env: { ...process.env, GOCACHE: join(scratch, 'go-cache'), GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' },
      stdio: 'pipe',
    });
    return [binary];
  },
};

let platform: TestPlatform;
let merchant: TestMerchant;
let hooks: Awaited<ReturnType<typeof webhookReceiver>>;

beforeAll(async () => {
  hooks = await webhookReceiver();
  platform = await startTestPlatform('pglite');
  merchant = await signUpMerchant(platform.url, { webhookUrl: hooks.url });
});
afterAll(async () => {
  await platform?.close();
  await hooks?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe.each(Object.entries(LANGUAGES))('the %s merchant example, from SPEC.md alone', (language, command) => {
  let example: string[];
  beforeAll(() => {
    example = command();
  }, 120_000);

  it("passes the spec's test vectors", async () => {
    expect(await run([...example, 'vectors', vectors])).toBe('ok');
  });

  it('signs a tag the platform pays, and verifies the webhook that follows', async () => {
    const key = { merchantId: merchant.merchantId, kid: merchant.kid, privateJwk: merchant.privateJwk };
    const orderId = `${language}-order-1`;
    // The tag asks for the shopper's contact: it arrives in the verified webhook.
    const order = {
      origin: merchant.origin,
      orderId,
      amount: 2_500,
      currency: 'CNY',
      label: `Tea from ${language}`,
      share: ['contact'],
    };
    const tag = await run([...example, 'sign', JSON.stringify(key), JSON.stringify(order)]);
    const wallet = await TestWallet.create(platform.url);
    await wallet.topUp(await wallet.addCard(), 10_000);
    await wallet.call('PUT', '/v1/wallet/contact', { email: 'tea@example.com' });
    const paid = await wallet.call(
      'POST',
      '/v1/payments',
      { tag, funding: { type: 'balance' }, share: { contact: true } },
      { 'idempotency-key': `${language}-tea-payment` },
    );
    expect(paid.body).toMatchObject({ payment: { orderId, amount: { amount: 2_500 } } });

    const delivery = await hooks.deliveryOf(paid.body.payment.id);
    const verified = await run([...example, 'webhook', merchant.webhookSecret], JSON.stringify(delivery));
    expect(JSON.parse(verified)).toMatchObject({
      type: 'payment.succeeded',
      data: { payment: { orderId }, shared: { contact: { email: 'tea@example.com' } } },
    });
    const forged = JSON.stringify({ ...delivery, rawBody: delivery.rawBody.replace('2500', '25') });
    await expect(run([...example, 'webhook', merchant.webhookSecret], forged)).rejects.toThrow(
      'no matching webhook signature',
    );
  });

  it('verifies the shopper’s message by webhook and answers it; refuses starting a conversation', async () => {
    const wallet = await TestWallet.create(platform.url);
    await wallet.topUp(await wallet.addCard(), 10_000);
    const paid = await wallet.pay(await merchant.tag({ amount: 300, orderId: `${language}-order-talk` }));
    const paymentId: string = paid.body.payment.id;
    const request = {
      platformUrl: platform.url,
      apiKey: merchant.apiKey,
      paymentId,
      text: `Shipped today (${language}).`,
    };
    await expect(run([...example, 'answer', JSON.stringify(request)])).rejects.toThrow('conversation_not_started');

    const written = await wallet.call('POST', `/v1/wallet/payments/${paymentId}/messages`, { text: 'Where is it?' });
    const delivery = await hooks.deliveryOf(written.body.items[0].id);
    const verified = JSON.parse(await run([...example, 'webhook', merchant.webhookSecret], JSON.stringify(delivery)));
    expect(verified).toMatchObject({
      type: 'payment.message_received',
      data: { payment: { id: paymentId }, message: { from: 'shopper', text: 'Where is it?' } },
    });
    const conversation = JSON.parse(await run([...example, 'answer', JSON.stringify(request)]));
    expect(conversation.items.map((line: { from: string }) => line.from)).toEqual(['shopper', 'shop']);
    const inbox = await wallet.call('GET', '/v1/wallet/messages');
    expect(inbox.body.items[0]).toMatchObject({ text: `Shipped today (${language}).`, about: { paymentId } });
  });

  it('signs an agreement’s tag the wallet accepts, verifies its webhook, and charges within its cap', async () => {
    const key = { merchantId: merchant.merchantId, kid: merchant.kid, privateJwk: merchant.privateJwk };
    const end = Math.floor(Date.now() / 1000) + 30 * 86_400;
    const order = {
      origin: merchant.origin,
      orderId: `${language}-membership`,
      amount: 2_000,
      currency: 'CNY',
      label: `${language} club`,
      mode: 'agreement',
      agreement: { period: 'month', end },
    };
    const tag = await run([...example, 'sign', JSON.stringify(key), JSON.stringify(order)]);
    const wallet = await TestWallet.create(platform.url);
    await wallet.topUp(await wallet.addCard(), 10_000);
    const accepted = await wallet.call('POST', '/v1/wallet/agreements', { tag, pin: '246810' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    const agreementId: string = accepted.body.id;
    const delivery = await hooks.deliveryOf(agreementId);
    const verified = JSON.parse(await run([...example, 'webhook', merchant.webhookSecret], JSON.stringify(delivery)));
    expect(verified).toMatchObject({ type: 'agreement.created', data: { agreement: { id: agreementId } } });

    const request = (orderId: string, amount: number) =>
      JSON.stringify({
        platformUrl: platform.url,
        apiKey: merchant.apiKey,
        agreementId,
        idempotencyKey: `${language}-${orderId}`,
        orderId,
        amount,
      });
    const charged = JSON.parse(await run([...example, 'charge', request(`${language}-m1`, 2_000)]));
    expect(charged.payment).toMatchObject({ agreementId, orderId: `${language}-m1`, amount: { amount: 2_000 } });
    await expect(run([...example, 'charge', request(`${language}-m2`, 1)])).rejects.toThrow('agreement_cap_exceeded');
    expect(await wallet.balance()).toBe(8_000);
  });

  it("verifies a Sign in with Pouch ID token with the platform's JWKS, with what the shopper shared, and refuses another page's nonce", async () => {
    const wallet = await TestWallet.create(platform.url);
    expect((await wallet.call('PUT', '/v1/wallet/contact', { email: 'li.lei@example.com' })).status).toBe(200);
    const nonce = `${language}-nonce-0123456789`;
    const login = await wallet.call('POST', '/v1/wallet/logins', {
      merchantId: merchant.merchantId,
      origin: merchant.origin,
      nonce,
      consent: true,
      share: { contact: true },
    });
    expect(login.status).toBe(201);
    const request = {
      idToken: login.body.idToken,
      platformUrl: platform.platform.config.publicUrl,
      merchantId: merchant.merchantId,
      nonce,
    };
    expect(JSON.parse(await run([...example, 'id-token', JSON.stringify(request)]))).toEqual({
      subject: login.body.subject,
      email: 'li.lei@example.com',
    });
    await expect(
      run([...example, 'id-token', JSON.stringify({ ...request, nonce: 'another-page-nonce-123' })]),
    ).rejects.toThrow(/nonce|not for this shop/);
  });
});

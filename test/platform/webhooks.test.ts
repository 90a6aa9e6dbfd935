import { mkdtempSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../merchant/kit/src/index';
import { TEST_EVENTS_PER_HOUR } from '../../platform/webhooks/test-event';
import { webhookEventSchema } from '../../protocol/webhook-events';
import { BACKENDS, freshPostgres, startTestPlatform, type TestPlatform } from '../support/platform';
import { freePort, spawnPlatform } from '../support/platform-process';
import { signUpMerchant, TestWallet } from '../support/wallet-client';
import { webhookReceiver } from '../support/webhook-receiver';

const eventIds = (received: { rawBody: string }[]) => received.map((r) => JSON.parse(r.rawBody).id as string);

describe.each(BACKENDS)('webhooks on %s', (backend) => {
  let platform: TestPlatform;
  let hooks: Awaited<ReturnType<typeof webhookReceiver>>;

  beforeAll(async () => {
    platform = await startTestPlatform(backend);
    hooks = await webhookReceiver();
  });
  afterAll(async () => {
    await platform?.close();
    await hooks?.close();
  });

  it('retries a failing endpoint with backoff until it answers, and the merchant can see and resend it', async () => {
    const merchant = await signUpMerchant(platform.url, { webhookUrl: hooks.url });
    const wallet = await TestWallet.create(platform.url);
    await wallet.topUp(await wallet.addCard(), 10_000);
    hooks.failNext(2);
    const paid = await wallet.pay(await merchant.tag({ amount: 100 }));
    await expect
      .poll(() => hooks.received.filter((r) => r.rawBody.includes(paid.body.payment.id)).length, { timeout: 10_000 })
      .toBe(1);
    // The worker records the answer just after the receiver has it: wait for the record.
    const deliveries = () => merchant.call('GET', '/v1/merchant/webhook-deliveries');
    await expect.poll(async () => (await deliveries()).body.items[0].status).toBe('succeeded');
    const { body } = await deliveries();
    expect(body.items[0]).toMatchObject({
      status: 'succeeded',
      attempts: 3,
      lastStatus: 200,
      eventType: 'payment.succeeded',
    });

    const resent = await merchant.call('POST', `/v1/merchant/webhook-deliveries/${body.items[0].id}/resend`);
    expect(resent.body.status).toBe('pending');
    await expect
      .poll(() => hooks.received.filter((r) => r.rawBody.includes(paid.body.payment.id)).length, { timeout: 10_000 })
      .toBe(2);
    const twice = hooks.received.filter((r) => r.rawBody.includes(paid.body.payment.id));
    expect(new Set(eventIds(twice)).size).toBe(1);
    const event = verifyWebhook(merchant.webhookSecret, twice[1]!.rawBody, twice[1]!.headers);
    expect(event.id).toBe(twice[1]!.eventId);
  });

  it('pays while a slow shop holds its deliveries open: a payment never waits for a webhook', async () => {
    // A shop endpoint that takes every delivery and answers none until told to.
    const held: ServerResponse[] = [];
    const slow = createServer((_request, response) => void held.push(response));
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    try {
      const merchant = await signUpMerchant(platform.url, {
        webhookUrl: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/hooks`,
      });
      const wallet = await TestWallet.create(platform.url);
      await wallet.topUp(await wallet.addCard(), 10_000);
      expect((await wallet.pay(await merchant.tag({ amount: 100 }))).status).toBe(201);
      await expect.poll(() => held.length, { timeout: 10_000 }).toBeGreaterThan(0);
      // The first delivery is still open; five more payments are answered meanwhile.
      for (let i = 0; i < 5; i++) expect((await wallet.pay(await merchant.tag({ amount: 100 }))).status).toBe(201);
      expect(held[0]!.writableEnded).toBe(false);
    } finally {
      held.forEach((response) => response.writeHead(200).end('ok'));
      await new Promise((resolve) => slow.close(resolve));
    }
  });

  it('sends a test event when the shop asks: signed like any other, marked by its type, and limited', async () => {
    const merchant = await signUpMerchant(platform.url, { webhookUrl: hooks.url });
    const sent = await merchant.call('POST', '/v1/merchant/webhooks/test');
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ eventType: 'webhook.test', url: hooks.url });
    const delivery = await hooks.deliveryOf(sent.body.eventId);
    const event = verifyWebhook(merchant.webhookSecret, delivery.rawBody, delivery.headers);
    expect(event).toMatchObject({ id: sent.body.eventId, type: 'webhook.test', data: { test: true } });
    expect(webhookEventSchema('webhook.test').safeParse(event).success).toBe(true);

    for (let i = 1; i < TEST_EVENTS_PER_HOUR; i++)
      expect((await merchant.call('POST', '/v1/merchant/webhooks/test')).status).toBe(201);
    const limited = await merchant.call('POST', '/v1/merchant/webhooks/test');
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('rate_limited');
  });

  it('gives up after its window and says so', async () => {
    const shortWindow = await startTestPlatform(backend, {
      config: { webhooks: { pollMs: 50, firstRetryMs: 50, maxRetryMs: 100, giveUpAfterMs: 400 } },
    });
    try {
      const merchant = await signUpMerchant(shortWindow.url, { webhookUrl: 'http://127.0.0.1:9/nobody-listens' });
      const wallet = await TestWallet.create(shortWindow.url);
      await wallet.topUp(await wallet.addCard(), 1_000);
      await wallet.pay(await merchant.tag({ amount: 100 }));
      await expect
        .poll(async () => (await merchant.call('GET', '/v1/merchant/webhook-deliveries')).body.items[0]?.status, {
          timeout: 10_000,
        })
        .toBe('failed');
      const { body } = await merchant.call('GET', '/v1/merchant/webhook-deliveries');
      expect(body.items[0].attempts).toBeGreaterThan(1);
      expect(body.items[0].lastError).toBeTruthy();
    } finally {
      await shortWindow.close();
    }
  });
});

describe('webhooks across restarts', () => {
  it('delivers after a restart what was queued before it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pouch-restart-'));
    const hooks = await webhookReceiver();
    const first = await startTestPlatform('pglite', {
      config: {
        dataDir,
        webhooks: { pollMs: 60_000, firstRetryMs: 60_000, maxRetryMs: 60_000, giveUpAfterMs: 600_000 },
      },
    });
    const merchant = await signUpMerchant(first.url, { webhookUrl: hooks.url });
    const wallet = await TestWallet.create(first.url);
    await wallet.topUp(await wallet.addCard(), 1_000);
    hooks.failNext(1);
    const paid = await wallet.pay(await merchant.tag({ amount: 100 }));
    await expect
      .poll(async () => (await merchant.call('GET', '/v1/merchant/webhook-deliveries')).body.items[0]?.attempts)
      .toBe(1);
    await first.close();
    expect(hooks.received).toHaveLength(0);

    const second = await startTestPlatform('pglite', {
      config: { dataDir, webhooks: { pollMs: 50, firstRetryMs: 50, maxRetryMs: 50, giveUpAfterMs: 600_000 } },
    });
    try {
      await second.platform.db.updateTable('webhook_deliveries').set({ next_attempt_at: new Date() }).execute();
      await expect.poll(() => hooks.received.length, { timeout: 10_000 }).toBe(1);
      expect(hooks.received[0]!.rawBody).toContain(paid.body.payment.id);
    } finally {
      await second.close();
      await hooks.close();
    }
  });
});

describe('many processes, one PostgreSQL database', () => {
  it('serves payments from two processes and sends each webhook exactly once', async () => {
    const database = await freshPostgres();
    const hooks = await webhookReceiver();
    const env = { DATABASE_URL: database.url, POUCH_WEBHOOK_POLL_MS: '20', POUCH_WALLETS_PER_HOUR: '1000' };
    const a = await spawnPlatform(env, await freePort());
    const b = await spawnPlatform(env, await freePort());
    try {
      const merchant = await signUpMerchant(a.url, { webhookUrl: hooks.url });
      const wallet = await TestWallet.create(b.url);
      await wallet.topUp(await wallet.addCard(), 100_000);
      const servers = [a.url, b.url];
      const payments = await Promise.all(
        Array.from({ length: 20 }, async (_, i) => wallet.at(servers[i % 2]!).pay(await merchant.tag({ amount: 100 }))),
      );
      expect(payments.every((p) => p.status === 201)).toBe(true);
      await expect.poll(() => hooks.received.length, { timeout: 15_000 }).toBe(20);
      // Every delivery recorded as succeeded: no process has one left to send, so none can arrive twice later.
      const deliveries = () => merchant.call('GET', '/v1/merchant/webhook-deliveries');
      await expect
        .poll(async () => (await deliveries()).body.items.map((d: { status: string }) => d.status))
        .toEqual(Array(20).fill('succeeded'));
      const ids = eventIds(hooks.received);
      expect(ids).toHaveLength(20);
      expect(new Set(ids).size).toBe(20);
      expect(await wallet.balance()).toBe(98_000);
    } finally {
      await a.stop();
      await b.stop();
      await hooks.close();
      await database.drop();
    }
  });
});

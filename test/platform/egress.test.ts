import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { refusedAddress } from '../../platform/egress/addresses';
import { EgressError, outbound } from '../../platform/egress/outbound';
import { BACKENDS, startTestPlatform, type TestPlatform, platformWithShop } from '../support/platform';
import { startOriginServer, TestWallet, type TestMerchant } from '../support/wallet-client';

describe('the egress policy’s address rules', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.1.2.3', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['::ffff:127.0.0.1', 'a loopback address'],
    ['10.1.2.3', 'a private address'],
    ['172.16.0.1', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['169.254.169.254', 'a link-local or cloud metadata address'],
    ['::ffff:169.254.169.254', 'a link-local or cloud metadata address'],
    ['::ffff:a9fe:a9fe', 'a link-local or cloud metadata address'],
    ['64:ff9b::a9fe:a9fe', 'a link-local or cloud metadata address'],
    ['fd00:ec2::254', 'a unique-local address'],
    ['fe80::1', 'a link-local address'],
    ['fc00::1', 'a unique-local address'],
    ['100.64.0.1', 'a carrier-grade NAT address'],
    ['224.0.0.1', 'a multicast address'],
    ['ff02::1', 'a multicast address'],
    ['0.0.0.0', 'an unspecified address'],
    ['::', 'an unspecified address'],
  ])('refuses %s as %s', (address, why) => {
    expect(refusedAddress(address, false)).toBe(why);
  });

  it('allows loopback only with the local-development setting, and link-local and metadata never', () => {
    expect(refusedAddress('127.0.0.1', true)).toBeNull();
    expect(refusedAddress('::1', true)).toBeNull();
    expect(refusedAddress('169.254.169.254', true)).not.toBeNull();
    expect(refusedAddress('fe80::1', true)).not.toBeNull();
  });

  it('allows public addresses', () => {
    expect(refusedAddress('93.184.216.34', false)).toBeNull();
    expect(refusedAddress('2606:2800:220:1::1', false)).toBeNull();
  });
});

describe.each(BACKENDS)('outbound calls obey the egress policy on %s', (backend) => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startTestPlatform(backend, { config: { egress: { allowLoopback: false } } });
  });
  afterAll(() => platform?.close());

  const signUp = (webhookUrl: string) =>
    fetch(`${platform.url}/v1/merchants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Shop',
        category: 'x',
        origins: [`https://${randomUUID()}.example`],
        webhookUrl,
        generateKey: true,
      }),
    });

  it.each([
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/'],
    ['metadata inside an IPv4-mapped IPv6 address', 'http://[::ffff:169.254.169.254]/'],
    ['loopback spelt in decimal', 'http://2130706433/hook'],
    ['loopback spelt in octal', 'http://0177.0.0.1/hook'],
    ['loopback spelt in hex', 'http://0x7f.1/hook'],
    ['a name that resolves to loopback', 'http://localhost:9/hook'],
    ['IPv6 loopback', 'http://[::1]/hook'],
    ['a private address', 'https://10.0.0.1/hook'],
    ['a link-local IPv6 address', 'http://[fe80::1]/hook'],
    ['a unique-local IPv6 address', 'http://[fd00::1]/hook'],
    ['a carrier-grade NAT address', 'http://100.64.0.1/hook'],
    ['a multicast address', 'http://224.0.0.1/hook'],
    ['the unspecified address', 'http://0.0.0.0/hook'],
  ])('refuses a webhook URL at %s when it is registered', async (_, url) => {
    const response = await signUp(url);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.issues).toEqual([
      { field: 'webhookUrl', expected: expect.stringContaining('refused by the egress policy') },
    ]);
  });

  it('refuses origins at private, unique-local and metadata addresses when they are registered', async () => {
    const origins = ['https://10.0.0.1', 'https://[fd00::1]', 'https://169.254.169.254'];
    const response = await fetch(`${platform.url}/v1/merchants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Shop',
        category: 'x',
        origins,
        webhookUrl: 'https://shop.example/h',
        generateKey: true,
      }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).issues).toEqual([
      { field: 'origins.0', expected: 'a public origin (refused by the egress policy: 10.0.0.1 is a private address)' },
      {
        field: 'origins.1',
        expected: 'a public origin (refused by the egress policy: fd00::1 is a unique-local address)',
      },
      {
        field: 'origins.2',
        expected:
          'a public origin (refused by the egress policy: 169.254.169.254 is a link-local or cloud metadata address)',
      },
    ]);
    const { apiKey } = await (await signUp('https://shop.example/h')).json();
    const added = await fetch(`${platform.url}/v1/merchant/origins`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ origin: 'https://192.168.1.1:8443' }),
    });
    expect([added.status, (await added.json()).issues[0].field]).toEqual([400, 'origin']);
  });

  it('accepts a name that does not resolve yet: every call checks it again', async () => {
    expect((await signUp(`http://${randomUUID()}.invalid/hook`)).status).toBe(201);
  });
});

describe('an outbound call', () => {
  it('checks the address when it connects, and connects to the address it checked', async () => {
    const site = await startOriginServer();
    site.serve({ ok: true });
    const request = { method: 'GET' as const, timeoutMs: 2_000, maxBytes: 1_000 };
    const refused = await outbound(`${site.origin}/.well-known/pouch-merchant.json`, request, {
      allowLoopback: false,
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(EgressError);
    expect((refused as EgressError).message).toBe('refused by the egress policy: localhost is a loopback address');
    const allowed = await outbound(`${site.origin}/.well-known/pouch-merchant.json`, request, { allowLoopback: true });
    expect(allowed).toMatchObject({ status: 200, body: '{"ok":true}' });
  });

  it('follows no redirect', async () => {
    const server = createServer((_, response) =>
      response.writeHead(302, { location: 'http://169.254.169.254/' }).end(),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const answer = await outbound(url, { method: 'GET', timeoutMs: 2_000, maxBytes: 1_000 }, { allowLoopback: true });
    expect(answer.status).toBe(302);
    server.close();
  });
});

describe.each(BACKENDS)('one payment per order on %s', (backend) => {
  let platform: TestPlatform;
  let merchant: TestMerchant;

  platformWithShop(backend, (started) => ({ platform, merchant } = started));

  it('pays an order once, whatever number of tags its shop signed for it, under parallel attempts', async () => {
    const wallets = await Promise.all(Array.from({ length: 6 }, () => TestWallet.create(platform.url)));
    await Promise.all(wallets.map(async (w) => w.topUp(await w.addCard(), 10_000)));
    const orderId = `order-${randomUUID()}`;
    const tags = await Promise.all(wallets.map(() => merchant.tag({ orderId, amount: 1_000 })));
    const answers = await Promise.all(wallets.map((w, i) => w.pay(tags[i]!)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused.map((a) => [a.status, a.body.code])).toEqual(refused.map(() => [409, 'order_already_paid']));
    const balances = await Promise.all(wallets.map((w) => w.balance()));
    expect(balances.filter((b) => b === 9_000)).toHaveLength(1);
    expect(balances.filter((b) => b === 10_000)).toHaveLength(5);
  });

  it('lets a fully refunded order be paid again, and never a standing one', async () => {
    const wallet = await TestWallet.create(platform.url);
    await wallet.topUp(await wallet.addCard(), 10_000);
    const orderId = `order-${randomUUID()}`;
    const first = await wallet.pay(await merchant.tag({ orderId, amount: 1_000 }));
    expect(first.status).toBe(201);
    const partial = await merchant.call(
      'POST',
      `/v1/merchant/payments/${first.body.payment.id}/refunds`,
      { amount: 100 },
      { 'idempotency-key': randomUUID() },
    );
    expect(partial.status).toBe(201);
    expect((await wallet.pay(await merchant.tag({ orderId, amount: 1_000 }))).body.code).toBe('order_already_paid');
    const rest = await merchant.call(
      'POST',
      `/v1/merchant/payments/${first.body.payment.id}/refunds`,
      {},
      { 'idempotency-key': randomUUID() },
    );
    expect(rest.status).toBe(201);
    expect((await wallet.pay(await merchant.tag({ orderId, amount: 1_000 }))).status).toBe(201);
  });
});

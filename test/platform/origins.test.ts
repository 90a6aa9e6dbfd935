import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { recheckOrigins } from '../../platform/merchants/origins';
import { BACKENDS, type TestPlatform, platformWithWallet } from '../support/platform';
import { signUpMerchant, startOriginServer, TestWallet, type TestMerchant } from '../support/wallet-client';

/** A site that answers the verification path badly, in one of the ways the platform must refuse. */
async function badSite(answer: 'redirect' | 'huge' | 'slow' | 'html' | 'text'): Promise<string> {
  const server = createServer((_, response) => {
    if (answer === 'redirect') response.writeHead(302, { location: 'http://127.0.0.1:9/file.json' }).end();
    else if (answer === 'huge') response.writeHead(200).end(`{"pad":"${'x'.repeat(100_000)}"}`);
    else if (answer === 'html')
      response.writeHead(200, { 'content-type': 'application/json' }).end('<html>hello</html>');
    else if (answer === 'text') response.writeHead(200, { 'content-type': 'text/plain' }).end('{}');
    // 'slow' never answers: the platform must stop waiting by itself.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return `http://localhost:${(server.address() as AddressInfo).port}`;
}

describe.each(BACKENDS)('merchants prove their origins on %s', (backend) => {
  let platform: TestPlatform;
  let wallet: TestWallet;
  platformWithWallet(backend, (started) => ({ platform, wallet } = started));

  const directory = async () =>
    ((await (await fetch(`${platform.url}/v1/directory`)).json()) as { partners: { merchantId: string }[] }).partners;

  it('keeps a new merchant out of the directory and unpaid until its origin is verified', async () => {
    const merchant = await signUpMerchant(platform.url, { name: 'Fresh Shop', verify: false });
    expect((await directory()).map((p) => p.merchantId)).not.toContain(merchant.merchantId);
    const refused = await wallet.pay(await merchant.tag({}));
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('origin_unverified');

    const verified = await merchant.call('POST', '/v1/merchant/origins/verify', { origin: merchant.origin });
    expect(verified.body).toMatchObject({ origin: merchant.origin, status: 'verified', lastError: null });
    expect((await directory()).map((p) => p.merchantId)).toContain(merchant.merchantId);
    expect((await wallet.pay(await merchant.tag({}))).status).toBe(201);
  });

  it.each([
    ['a wrong token', 'wrong', "wrong token: serve this origin's current verificationFile"],
    ['a file served as text/plain', 'text', 'served as text/plain; serve it as application/json'],
    ['a file with other members', 'extra', 'the file is not exactly {"merchantId", "token"}'],
    ['no file', 'missing', 'not found (HTTP 404)'],
    ['a redirect', 'redirect', 'redirected (HTTP 302)'],
    ['an answer past the size cap', 'huge', 'larger than 4096 bytes'],
    ['an answer that is not JSON', 'html', 'not JSON'],
    ['no answer at all', 'slow', 'timed out'],
  ] as const)(
    'refuses verification on %s, saying why',
    async (_, how, why) => {
      const site = ['redirect', 'huge', 'html', 'slow', 'text'].includes(how) ? await badSite(how as 'redirect') : null;
      const merchant = await signUpMerchant(platform.url, { verify: false });
      const origin = site ?? merchant.origin;
      if (site) expect((await merchant.call('POST', '/v1/merchant/origins', { origin })).status).toBe(201);
      if (how === 'wrong' || how === 'extra') {
        const other = await startOriginServer();
        const { items } = (await merchant.call('GET', '/v1/merchant/origins')).body;
        const real = items.find((o: { origin: string }) => o.origin === merchant.origin).verificationFile;
        other.serve(
          how === 'wrong' ? { merchantId: merchant.merchantId, token: 'x'.repeat(32) } : { ...real, note: 'hi' },
        );
        expect((await merchant.call('POST', '/v1/merchant/origins', { origin: other.origin })).status).toBe(201);
        return expectRefusal(merchant, other.origin, why);
      }
      if (how === 'missing') {
        const empty = await startOriginServer();
        expect((await merchant.call('POST', '/v1/merchant/origins', { origin: empty.origin })).status).toBe(201);
        return expectRefusal(merchant, empty.origin, why);
      }
      await expectRefusal(merchant, origin, why);
    },
    20_000,
  );

  async function expectRefusal(merchant: TestMerchant, origin: string, why: string) {
    const refused = await merchant.call('POST', '/v1/merchant/origins/verify', { origin });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('origin_verification_failed');
    expect(refused.body.detail).toContain(why);
    const listed = await merchant.call('GET', '/v1/merchant/origins');
    expect(listed.body.items).toContainEqual(
      expect.objectContaining({ origin, status: 'pending', lastError: expect.stringContaining(why) }),
    );
  }

  it('gives an origin to the merchant that verifies it last, and tells the one that lost it', async () => {
    const site = await startOriginServer();
    const first = await signUpMerchant(platform.url, { name: 'Old Owner' });
    const second = await signUpMerchant(platform.url, { name: 'New Owner' });
    for (const m of [first, second])
      expect((await m.call('POST', '/v1/merchant/origins', { origin: site.origin })).status).toBe(201);
    const fileOf = async (m: TestMerchant) =>
      (await m.call('GET', '/v1/merchant/origins')).body.items.find((o: { origin: string }) => o.origin === site.origin)
        .verificationFile;

    site.serve(await fileOf(first));
    expect((await first.call('POST', '/v1/merchant/origins/verify', { origin: site.origin })).status).toBe(200);
    // The domain changes hands: the new owner serves its own file and verifies.
    site.serve(await fileOf(second));
    expect((await second.call('POST', '/v1/merchant/origins/verify', { origin: site.origin })).status).toBe(200);

    const firstOrigins = (await first.call('GET', '/v1/merchant/origins')).body.items;
    expect(firstOrigins).toContainEqual(
      expect.objectContaining({ origin: site.origin, status: 'pending', lastError: 'verified by another merchant' }),
    );
    const lost = await first.call('GET', '/v1/merchant/webhook-deliveries');
    expect(lost.body.items.map((d: { eventType: string }) => d.eventType)).toContain('merchant.origin_lost');
    expect((await wallet.pay(await first.tag({ origin: site.origin }))).body.code).toBe('origin_unverified');
    expect((await wallet.pay(await second.tag({ origin: site.origin }))).status).toBe(201);
  });

  it('checks verified origins again: a wrong file ends the verification, an unreachable site keeps it', async () => {
    const moved = await signUpMerchant(platform.url, { name: 'Moved Shop' });
    const down = await signUpMerchant(platform.url, { name: 'Down Shop' });
    const site = await startOriginServer();
    expect((await down.call('POST', '/v1/merchant/origins', { origin: site.origin })).status).toBe(201);
    const file = (await down.call('GET', '/v1/merchant/origins')).body.items.find(
      (o: { origin: string }) => o.origin === site.origin,
    ).verificationFile;
    site.serve(file);
    expect((await down.call('POST', '/v1/merchant/origins/verify', { origin: site.origin })).status).toBe(200);
    site.close();
    // The first merchant's site now serves someone else's token.
    await platform.platform.db
      .updateTable('merchant_origins')
      .set({ token: 'x'.repeat(32) })
      .where('merchant_id', '=', moved.merchantId)
      .execute();

    await recheckOrigins(platform.platform, -60_000);
    const status = async (m: TestMerchant, origin: string) =>
      (await m.call('GET', '/v1/merchant/origins')).body.items.find((o: { origin: string }) => o.origin === origin);
    expect(await status(moved, moved.origin)).toMatchObject({
      status: 'pending',
      lastError: "wrong token: serve this origin's current verificationFile",
    });
    expect(await status(down, site.origin)).toMatchObject({ status: 'verified', lastError: 'the connection failed' });
  });
});

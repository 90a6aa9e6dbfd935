import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectorySchema } from '../../protocol/api';
import { BACKENDS, startTestPlatform, type TestPlatform } from '../support/platform';
import { signUpMerchant } from '../support/wallet-client';

describe.each(BACKENDS)('platform endpoints on %s', (backend) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(backend);
  });
  afterAll(() => platform?.close());

  it('reports health', async () => {
    const response = await fetch(`${platform.url}/healthz`);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('publishes its receipt keys without private parts', async () => {
    const { keys } = await (await fetch(`${platform.url}/.well-known/jwks.json`)).json();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(keys[0]).not.toHaveProperty('d');
  });

  it('serves the partner directory with an ETag that changes when a merchant signs up', async () => {
    const first = await fetch(`${platform.url}/v1/directory`);
    const etag = first.headers.get('etag')!;
    expect(DirectorySchema.parse(await first.json()).partners).toEqual([]);
    expect((await fetch(`${platform.url}/v1/directory`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const merchant = await signUpMerchant(platform.url, { name: 'Sky Air' });
    const changed = await fetch(`${platform.url}/v1/directory`, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    const { partners } = DirectorySchema.parse(await changed.json());
    expect(partners).toEqual([
      expect.objectContaining({ merchantId: merchant.merchantId, name: 'Sky Air', origins: [merchant.origin] }),
    ]);
    expect(partners[0]!.keys[0]!.kid).toBe(merchant.kid);
    expect(partners[0]!.keys[0]).not.toHaveProperty('d');
  });

  it('documents every route in OpenAPI and on a readable page', async () => {
    const doc = await (await fetch(`${platform.url}/openapi.json`)).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/wallets',
        '/v1/payments',
        '/v1/merchants',
        '/v1/merchant/payments/{id}/refunds',
        '/v1/directory',
      ]),
    );
    expect(doc.paths['/v1/payments'].post.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['tag', 'funding']),
    );
    const page = await (await fetch(`${platform.url}/docs`)).text();
    expect(page).toContain('/v1/payments');
    expect(page).toContain('Pay a checkout tag');
  });

  it('answers an unknown route with a problem body, and allows the extension origin', async () => {
    const response = await fetch(`${platform.url}/v1/nothing`, { headers: { origin: 'chrome-extension://abc' } });
    expect(response.status).toBe(404);
    expect((await response.json()).code).toBe('not_found');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });
});

import { WEBHOOK_EVENT_DATA } from '../../protocol/webhook-events';
import { TAG_REFUSALS } from '../../protocol/verify-checkout-tag';
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
    // Every operation documents its refusals, each code with an example problem body.
    for (const [path, methods] of Object.entries<Record<string, any>>(doc.paths))
      for (const [method, op] of Object.entries<any>(methods)) {
        expect(op.summary, `${method} ${path}`).toBeTruthy();
        expect(op.responses['400'].content['application/problem+json'].examples.invalid_request.value).toMatchObject({
          status: 400,
          code: 'invalid_request',
          issues: [expect.objectContaining({ field: expect.any(String) })],
        });
      }
    const payRefusals = doc.paths['/v1/payments'].post.responses;
    expect(Object.keys(payRefusals['409'].content['application/problem+json'].examples)).toEqual(
      expect.arrayContaining(['tag_reused', 'order_already_paid', 'idempotency_key_reused']),
    );
    expect(payRefusals['402'].content['application/problem+json'].examples.insufficient_balance.value.status).toBe(402);

    // /docs is Swagger UI on that document, every file from the platform itself.
    const docs = await fetch(`${platform.url}/docs`);
    expect(docs.headers.get('content-security-policy')).toContain("script-src 'self'");
    const page = await docs.text();
    const assets = [...page.matchAll(/(?:src|href)="(\/docs\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toEqual([
      '/docs/assets/swagger-ui.css',
      '/docs/assets/swagger-ui-bundle.js',
      '/docs/assets/start.js',
    ]);
    for (const asset of assets) {
      const response = await fetch(`${platform.url}${asset}`);
      expect(response.status, asset).toBe(200);
      expect((await response.text()).length, asset).toBeGreaterThan(100);
    }
    expect(await (await fetch(`${platform.url}/docs/assets/start.js`)).text()).toContain("url: '/docs/shop.json'");
  });

  it('splits the reference: the shop’s part (getting started, its operations, webhooks), then the extension’s', async () => {
    const get = async (path: string) => (await fetch(`${platform.url}${path}`)).json();
    const [whole, shop, extension] = await Promise.all([
      get('/openapi.json'),
      get('/docs/shop.json'),
      get('/docs/extension.json'),
    ]);
    const shopPaths = Object.keys(shop.paths);
    const extensionPaths = Object.keys(extension.paths);
    expect([...shopPaths, ...extensionPaths].sort()).toEqual(Object.keys(whole.paths).sort());
    expect(shopPaths.every((p) => p.startsWith('/v1/merchant') || p.startsWith('/.well-known'))).toBe(true);
    expect(extensionPaths).toContain('/v1/wallet/cards');
    expect(shop.info.description).toMatch(/^Pouch lets a shopper pay/);
    expect(shop.info.description).toContain('### 1. Sign up');
    expect(shop.tags[0].name).toBe('Sign-up and origins');
    expect(Object.keys(shop.webhooks).sort()).toEqual(Object.keys(WEBHOOK_EVENT_DATA).sort());
    expect(extension.webhooks).toBeUndefined();
    expect(extension.tags.every((t: { name: string }) => t.name.startsWith('Extension · '))).toBe(true);
  });

  it('answers an unknown route with a problem body, and allows the extension origin', async () => {
    const response = await fetch(`${platform.url}/v1/nothing`, { headers: { origin: 'chrome-extension://abc' } });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      type: 'https://pouch.example/problems/not_found',
      code: 'not_found',
      detail: 'No route for GET /v1/nothing.',
    });
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('documents every tag refusal the platform sends on POST /v1/payments, and the PIN on PUT /v1/wallet/limit', async () => {
    const spec = await (await fetch(`${platform.url}/openapi.json`)).json();
    const documented = JSON.stringify(spec.paths['/v1/payments'].post.responses);
    // tag_wrong_origin needs the page's origin: only the extension, which sees the page, can send it.
    for (const code of TAG_REFUSALS.filter((c) => c !== 'tag_wrong_origin'))
      expect(documented, code).toContain(`"${code}"`);
    expect(Object.keys(spec.paths['/v1/wallet/limit'].put.responses)).toContain('403');
    expect(Object.keys(spec.webhooks).sort()).toEqual(Object.keys(WEBHOOK_EVENT_DATA).sort());
    // Each operation's 400 example is its own: a field it takes, in the words its schema answers with.
    const invalidOf = (path: string, method: string) =>
      spec.paths[path][method].responses['400'].content['application/problem+json'].examples.invalid_request.value
        .issues[0];
    expect(invalidOf('/v1/sessions', 'post').field).toBe('walletId');
    expect(invalidOf('/v1/wallet/limit', 'put').field).toBe('passwordFreeLimit');
    expect(invalidOf('/v1/directory', 'get').field).toBe('(path)');
  });

  it('serves OpenID Connect discovery, whose issuer is the ID tokens’ iss and whose keys verify them', async () => {
    const discovery = await (await fetch(`${platform.url}/.well-known/openid-configuration`)).json();
    expect(discovery).toMatchObject({
      issuer: platform.platform.config.publicUrl,
      jwks_uri: `${platform.platform.config.publicUrl}/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: ['ES256'],
      subject_types_supported: ['pairwise'],
    });
  });
});

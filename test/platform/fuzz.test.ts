import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, startTestPlatform, type TestPlatform } from '../support/platform';
import { signUpMerchant, TestWallet, type TestMerchant } from '../support/wallet-client';

/** Malformed pieces of a request, as an attacker or a broken client sends them. */
const PARAMS = [
  '%00',
  'a%00b',
  '%ZZ',
  '%ED%A0%80',
  'x'.repeat(3_000),
  '..%2F..%2Fetc%2Fpasswd',
  "'%20OR%201=1--",
  '%F0%9F%92%B3',
];
const QUERIES = ['limit=-1', 'limit=abc&cursor=%00', 'cursor=AAAA', 'cursor=%ZZ', 'from=%00&to=%ED%A0%80', 'a%00=1'];
const BODIES: (string | undefined)[] = [
  undefined,
  '',
  '{',
  'null',
  '[]',
  '"text"',
  '12',
  '{"name":"a\\u0000b"}',
  '{"walletId":"w\\u0000"}',
  '{"x":"\\ud800"}',
  `{"a":${'['.repeat(2_000)}${']'.repeat(2_000)}}`,
  JSON.stringify({ tag: 'x'.repeat(100_000) }),
  '{"__proto__":{"admin":true}}',
];
/** Random JSON documents with hostile strings in them, the same every run. */
const RANDOM_BODIES = fc.sample(
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify({ value, name: '\u0000', pin: '\ud800' })),
  { seed: 20261126, numRuns: 6 },
);

interface Operation {
  method: string;
  path: string;
}

describe.each(BACKENDS)('malformed requests to every operation on %s', (backend) => {
  let platform: TestPlatform;
  let wallet: TestWallet;
  let merchant: TestMerchant;
  let operations: Operation[];
  const seen = new Set<string>();
  let documented: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { examples?: object }> }> }>
  >;

  beforeAll(async () => {
    platform = await startTestPlatform(backend);
    wallet = await TestWallet.create(platform.url);
    merchant = await signUpMerchant(platform.url);
    const document = (await (await fetch(`${platform.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    documented = document.paths as never;
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
    );
  });
  afterAll(() => platform?.close());

  async function send(
    op: Operation,
    variant: { param?: string; query?: string; body?: string; headers?: Record<string, string> },
  ): Promise<string | null> {
    const path = op.path.replace(/\{\w+\}/g, variant.param ?? 'pay_unknown');
    const url = `${platform.url}${path}${variant.query ? `?${variant.query}` : ''}`;
    const response = await fetch(url, {
      method: op.method,
      headers: variant.headers,
      body: op.method === 'GET' ? undefined : variant.body,
    });
    const type = response.headers.get('content-type') ?? '';
    const text = await response.text();
    if (response.status >= 400 && response.status < 500 && type.includes('json'))
      seen.add(`${op.method} ${op.path} ${response.status} ${JSON.parse(text).code}`);
    if (response.status >= 500) return `${op.method} ${url.slice(0, 120)} → ${response.status} ${text.slice(0, 200)}`;
    if (response.status >= 400 && !(type.includes('json') && JSON.parse(text).code))
      return `${op.method} ${url.slice(0, 120)} → ${response.status} without a JSON problem (${type})`;
    return null;
  }

  it('answers every one with a 4xx JSON problem or a success, never a 5xx, then works as before', async () => {
    expect(operations.length).toBeGreaterThan(30);
    const credentials: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${wallet.token}` },
      { authorization: `Bearer ${merchant.apiKey}` },
      { authorization: `Bearer ${'x'.repeat(5_000)}` },
    ];
    const failures: string[] = [];
    let sent = 0;
    for (const op of operations) {
      for (const auth of credentials) {
        const json = { ...auth, 'content-type': 'application/json', 'idempotency-key': `fuzz-${sent}-key` };
        const variants = [
          ...PARAMS.map((param) => ({ param, headers: auth })),
          ...QUERIES.map((query) => ({ query, headers: auth })),
          ...[...BODIES, ...RANDOM_BODIES].map((body) => ({ body, headers: json })),
          { body: '{}', headers: { ...auth, 'content-type': 'text/plain' } },
          { body: '{}', headers: { ...json, 'idempotency-key': 'k'.repeat(500) } },
        ];
        for (const variant of variants) {
          sent++;
          const failure = await send(op, variant);
          if (failure) failures.push(failure);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(3_000);
    // Every refusal seen, as "METHOD path status code"…
    const undocumented = [...seen].filter((entry) => {
      const [method, path, status, code] = entry.split(' ');
      const examples =
        documented[path!]![method!.toLowerCase()]!.responses[status!]?.content?.['application/problem+json']
          ?.examples ?? {};
      return !(code! in examples);
    });
    // …and each refusal it met is one its operation documents, with an example, in the API reference.
    expect(undocumented).toEqual([]);

    expect((await fetch(`${platform.url}/healthz`)).status).toBe(200);
    const after = await TestWallet.create(platform.url);
    const card = await after.addCard();
    expect((await after.topUp(card, 10_000)).status).toBe(201);
    expect((await after.pay(await merchant.tag({ amount: 1_000 }))).status).toBe(201);
  });

  it.each([
    ['a NUL in a shop name', '/v1/merchants', 'name', 'a\u0000b'],
    ['a lone surrogate in a shop name', '/v1/merchants', 'name', 'a\ud800b'],
    ['a NUL in a wallet id', '/v1/sessions/challenge', 'walletId', 'w\u0000'],
  ])('refuses %s as a 400 naming the field, where the database would have failed', async (_, path, field, value) => {
    const valid: Record<string, unknown> =
      path === '/v1/merchants'
        ? {
            name: 'Shop',
            category: 'games',
            origins: ['https://nul.example'],
            webhookUrl: 'https://nul.example/hook',
            generateKey: true,
          }
        : { walletId: wallet.walletId };
    const response = await fetch(`${platform.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...valid, [field]: value }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'invalid_request', issues: [{ field }] });
  });
});

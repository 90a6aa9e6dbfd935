import { CompactSign, exportJWK, generateKeyPair, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CheckoutTagRefused,
  verifyCheckoutTag,
  type TagRefusal,
  type TagSigner,
} from '../../protocol/verify-checkout-tag';

const NOW = new Date('2026-11-26T08:00:00Z');
const nowS = NOW.getTime() / 1000;
const ORIGIN = 'https://shop.example';
let privateKey: CryptoKey;
let signer: TagSigner;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  privateKey = pair.privateKey;
  signer = {
    merchantId: 'm_1',
    merchantName: 'Shop',
    origins: [ORIGIN],
    jwk: (await exportJWK(pair.publicKey)) as JWK,
  };
});

const payload = (overrides: Record<string, unknown> = {}) => ({
  v: 1,
  iss: 'm_1',
  aud: 'pouch',
  origin: ORIGIN,
  orderId: 'o-1',
  amount: 12_800,
  currency: 'CNY',
  label: 'Game card',
  mode: 'direct',
  iat: nowS - 10,
  exp: nowS + 600,
  jti: 'jti-12345678',
  ...overrides,
});

async function sign(body: unknown, header: Record<string, unknown> = {}): Promise<string> {
  return new CompactSign(new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body)))
    .setProtectedHeader({ alg: 'ES256', kid: 'm_1.k', typ: 'pouch-checkout+jws', ...header })
    .sign(privateKey);
}

/** A good tag under another header: what a forger would send, with the signature left as it was. */
async function withHeader(header: Record<string, unknown>): Promise<string> {
  const [, body, signature] = (await sign(payload())).split('.');
  return `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${body}.${signature}`;
}

async function refusal(tag: string, pageOrigin?: string): Promise<CheckoutTagRefused> {
  const findSigner = async (kid: string) => (kid === 'm_1.k' ? signer : undefined);
  const error = await verifyCheckoutTag(tag, { findSigner, now: NOW, pageOrigin }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CheckoutTagRefused);
  return error as CheckoutTagRefused;
}

describe('the one checkout-tag check, shared by the extension and the platform', () => {
  it('accepts a good tag and hands back the caller’s own signer record', async () => {
    const findSigner = async () => ({ ...signer, extra: 'kept' });
    const verified = await verifyCheckoutTag(await sign(payload()), { findSigner, now: NOW, pageOrigin: ORIGIN });
    expect(verified.payload.orderId).toBe('o-1');
    expect(verified.signer.extra).toBe('kept');
  });

  it.each<[string, () => Promise<string>, TagRefusal, string, string?]>([
    ['not a JWS', async () => 'not-a-tag', 'tag_malformed', 'tag'],
    [
      'another algorithm in the header',
      () => withHeader({ alg: 'HS256', kid: 'm_1.k', typ: 'pouch-checkout+jws' }),
      'tag_invalid',
      'tag.header.alg',
    ],
    ['an unknown key id', () => sign(payload(), { kid: 'm_2.k' }), 'tag_unknown_key', 'tag.header.kid'],
    ['a payload that is not JSON', () => sign('{nope'), 'tag_malformed', 'tag.payload'],
    ['a field outside the schema', () => sign(payload({ callback: 'https://x' })), 'tag_invalid', 'tag.payload'],
    ['another issuer than the key’s', () => sign(payload({ iss: 'm_2' })), 'tag_wrong_issuer', 'tag.payload.iss'],
    [
      'an origin the merchant has not verified',
      () => sign(payload({ origin: 'https://evil.example' })),
      'origin_unverified',
      'tag.payload.origin',
    ],
    ['another page’s origin', () => sign(payload()), 'tag_wrong_origin', 'tag.payload.origin', 'https://evil.example'],
    ['an expired tag', () => sign(payload({ iat: nowS - 900, exp: nowS - 1 })), 'tag_expired', 'tag.payload.exp'],
    [
      'a tag issued in the future',
      () => sign(payload({ iat: nowS + 120, exp: nowS + 900 })),
      'tag_not_yet_valid',
      'tag.payload.iat',
    ],
  ])('refuses %s with one typed reason naming the field', async (_, tag, code, field, pageOrigin) => {
    const error = await refusal(await tag(), pageOrigin);
    expect(error.code).toBe(code);
    expect(error.issues[0]?.field.startsWith(field)).toBe(true);
  });

  it('says a tag with spaces or a line break around it is malformed, not changed after signing', async () => {
    const tag = await sign(payload());
    for (const spaced of [` ${tag}`, `${tag}\n`, `\n  ${tag}\n`]) {
      const error = await refusal(spaced);
      expect([error.code, error.message]).toEqual([
        'tag_malformed',
        'The checkout tag has spaces or line breaks around it: put the tag in the attribute exactly as signed.',
      ]);
    }
    expect((await refusal(tag.replace('.', '. '))).code).toBe('tag_malformed');
  });

  it.each([
    ['a right-to-left override in the label', { label: 'Roses \u202eTotal: ¥1.00' }, 'tag.payload.label'],
    ['a direction isolate in the label', { label: 'Roses \u2067¥1.00' }, 'tag.payload.label'],
    ['a line break in the label', { label: 'Roses\nTotal: ¥1.00' }, 'tag.payload.label'],
    [
      'a control character in an item name',
      { items: [{ name: 'Rose\u0007', qty: 1, amount: 12_800 }] },
      'tag.payload.items.0.name',
    ],
  ])('refuses %s: merchant text is one line of plain text', async (_, fields, field) => {
    const error = await refusal(await sign(payload(fields)));
    expect([error.code, error.issues]).toEqual([
      'tag_invalid',
      [{ field, expected: 'expected plain text on one line: no control characters or direction marks' }],
    ]);
  });

  it('says a member the payload lacks is missing, not only what it should be', async () => {
    const { mode: _, ...withoutMode } = payload();
    const error = await refusal(await sign(withoutMode));
    expect(error.issues).toEqual([
      { field: 'tag.payload.mode', expected: expect.stringMatching(/direct.*escrow.*\(it is missing\)$/) },
    ]);
  });

  it('says a shop key off the curve is not a usable key, not that the tag was changed', async () => {
    const offCurve = { ...signer, jwk: { ...signer.jwk, y: signer.jwk.x } };
    const findSigner = async () => offCurve;
    const error = await verifyCheckoutTag(await sign(payload()), { findSigner, now: NOW }).catch((e: unknown) => e);
    expect([(error as CheckoutTagRefused).code, (error as CheckoutTagRefused).issues[0]?.field]).toEqual([
      'tag_unknown_key',
      'tag.header.kid',
    ]);
  });

  it('refuses a tag whose payload changed after signing', async () => {
    const [header, , signature] = (await sign(payload())).split('.');
    const forged = Buffer.from(JSON.stringify(payload({ amount: 1 }))).toString('base64url');
    expect((await refusal(`${header}.${forged}.${signature}`)).code).toBe('tag_bad_signature');
  });
});

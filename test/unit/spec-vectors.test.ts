import { compactVerify, createLocalJWKSet, importJWK, jwtVerify } from 'jose';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { CheckoutTagHeaderSchema, CheckoutTagPayloadSchema } from '../../protocol/checkout-tag';
import { verifyCheckoutTag } from '../../protocol/verify-checkout-tag';
import { signWebhook } from '../../protocol/webhook';

const merchantDir = resolve(import.meta.dirname, '../../merchant');
const vectors = JSON.parse(readFileSync(resolve(merchantDir, 'spec/test-vectors.json'), 'utf8'));
const spec = readFileSync(resolve(merchantDir, 'SPEC.md'), 'utf8');
const b64 = (text: string) => Buffer.from(text).toString('base64url');

/** merchant/SPEC.md's test vectors hold for the platform and the kit, so a shop can trust them. */
describe('the merchant spec test vectors', () => {
  const { checkoutTag, webhook, standardWebhooksExample, idToken } = vectors;

  it('checkout tag: the signing input is base64url(header).base64url(payload), and the signature verifies', async () => {
    expect(checkoutTag.signingInput).toBe(`${b64(checkoutTag.headerJson)}.${b64(checkoutTag.payloadJson)}`);
    expect(checkoutTag.tag.startsWith(`${checkoutTag.signingInput}.`)).toBe(true);
    expect(JSON.parse(checkoutTag.headerJson)).toEqual(CheckoutTagHeaderSchema.parse(checkoutTag.header));
    expect(JSON.parse(checkoutTag.payloadJson)).toEqual(CheckoutTagPayloadSchema.parse(checkoutTag.payload));
    const key = await importJWK(checkoutTag.publicJwk, 'ES256');
    const { payload } = await compactVerify(checkoutTag.tag, key);
    expect(new TextDecoder().decode(payload)).toBe(checkoutTag.payloadJson);
    expect(checkoutTag.privateJwk).toMatchObject(checkoutTag.publicJwk);
  });

  it('checkout tag: the platform and extension check accepts it on its origin, within its lifetime', async () => {
    const { payload } = checkoutTag;
    const signer = {
      merchantId: payload.iss,
      merchantName: 'Vector Shop',
      origins: [payload.origin],
      jwk: checkoutTag.publicJwk,
    };
    const check = { findSigner: async () => signer, now: new Date((payload.iat + 60) * 1000) };
    expect((await verifyCheckoutTag(checkoutTag.tag, { ...check, pageOrigin: payload.origin })).payload).toEqual(
      payload,
    );
  });

  it('webhook: Pouch signs both examples to the signatures given, as the standardwebhooks library does', () => {
    for (const v of [webhook, standardWebhooksExample]) {
      expect(signWebhook([v.secret], v.id, v.timestamp, v.body)).toBe(v.signature);
      expect(new Webhook(v.secret).sign(v.id, new Date(v.timestamp * 1000), v.body)).toBe(v.signature);
    }
  });

  it('ID token: verifies with the JWKS given, for the audience, nonce and subject given', async () => {
    const { payload } = await jwtVerify(idToken.token, createLocalJWKSet(idToken.jwks), {
      issuer: idToken.issuer,
      audience: idToken.audience,
      algorithms: ['ES256'],
    });
    expect(payload).toMatchObject({ nonce: idToken.nonce, sub: idToken.subject });
  });

  it('SPEC.md quotes the vectors it describes', () => {
    expect(spec).toContain(standardWebhooksExample.signature);
    expect(spec).toContain(checkoutTag.signingInput.slice(0, 32));
  });
});

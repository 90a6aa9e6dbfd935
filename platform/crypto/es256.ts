import { createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import type { JWK } from 'jose';
import type { SignatureCheck } from '../../protocol/verify-checkout-tag';

/**
 * ES256 compact JWS with node:crypto, synchronously, on keys made once: a payment verifies one tag and
 * signs one receipt, and WebCrypto's job per call (through jose) cost more than the curve arithmetic.
 * The extension keeps jose's WebCrypto path; the rule around the signature is shared.
 */

/** Merchant public keys by their JWK's text; null for one that is no P-256 key. Bounded, oldest first out. */
const publicKeys = new Map<string, KeyObject | null>();
const PUBLIC_KEYS_MAX = 1000;

function publicKey(jwk: JWK): KeyObject | null {
  const text = JSON.stringify(jwk);
  if (publicKeys.has(text)) return publicKeys.get(text)!;
  let key: KeyObject | null = null;
  try {
    const made = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, format: 'jwk' });
    if (made.asymmetricKeyType === 'ec' && made.asymmetricKeyDetails?.namedCurve === 'prime256v1') key = made;
  } catch {
    // not an EC key on any curve Node knows: unusable, like one off the curve
  }
  if (publicKeys.size >= PUBLIC_KEYS_MAX) publicKeys.delete(publicKeys.keys().next().value!);
  publicKeys.set(text, key);
  return key;
}

/** The signature of a compact JWS whose header the caller has already pinned to ES256. */
export const es256SignatureCheck: SignatureCheck = async (jws, jwk) => {
  const key = publicKey(jwk);
  if (!key) return 'unusable_key';
  const [header, payload, signature] = jws.split('.') as [string, string, string];
  const signed = Buffer.from(`${header}.${payload}`);
  let holds: boolean;
  try {
    holds = verify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
  } catch {
    holds = false; // a signature of the wrong length
  }
  return holds ? new Uint8Array(Buffer.from(payload, 'base64url')) : 'bad_signature';
};

const privateKeys = new WeakMap<CryptoKey, KeyObject>();
const base64urlJson = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs `claims` as a compact ES256 JWS (a JWT when the claims are a JWT's) with a platform key. */
export function signEs256(header: { kid: string; typ: string }, claims: object, privateKey: CryptoKey): string {
  let key = privateKeys.get(privateKey);
  if (!key) privateKeys.set(privateKey, (key = KeyObject.from(privateKey)));
  const input = `${base64urlJson({ alg: 'ES256', ...header })}.${base64urlJson(claims)}`;
  const signature = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

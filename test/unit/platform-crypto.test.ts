import { webcrypto } from 'node:crypto';
import { CompactSign, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { es256SignatureCheck, signEs256 } from '../../platform/crypto/es256';
import { secretBox } from '../../platform/crypto/secret-box';

const KEK = new Uint8Array(32).fill(7);

describe('the secret box (node:crypto AES-256-GCM)', () => {
  it('opens what it sealed, only in the same place, and nothing changed', async () => {
    const box = await secretBox(KEK);
    const sealed = await box.seal('whsec_s3cret', 'webhook-secret:m_1');
    expect(await box.open(sealed, 'webhook-secret:m_1')).toBe('whsec_s3cret');
    await expect(box.open(sealed, 'webhook-secret:m_2')).rejects.toThrow();
    const [iv, data] = sealed.slice('sealed:v1:'.length).split(':') as [string, string];
    const flipped = Buffer.from(data, 'base64url');
    flipped[0]! ^= 1;
    await expect(box.open(`sealed:v1:${iv}:${flipped.toString('base64url')}`, 'webhook-secret:m_1')).rejects.toThrow();
  });

  it('opens a secret sealed by the WebCrypto box of earlier releases, and the other way round', async () => {
    const box = await secretBox(KEK);
    const key = await webcrypto.subtle.importKey('raw', KEK, 'AES-GCM', false, ['encrypt', 'decrypt']);
    const iv = webcrypto.getRandomValues(new Uint8Array(12));
    const additionalData = new TextEncoder().encode('signing-key:k1');
    const old = await webcrypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, key, Buffer.from('d-value'));
    const sealedBefore = `sealed:v1:${Buffer.from(iv).toString('base64url')}:${Buffer.from(old).toString('base64url')}`;
    expect(await box.open(sealedBefore, 'signing-key:k1')).toBe('d-value');

    const [newIv, data] = (await box.seal('d-value', 'signing-key:k1')).slice('sealed:v1:'.length).split(':');
    const plain = await webcrypto.subtle.decrypt(
      { name: 'AES-GCM', iv: Buffer.from(newIv!, 'base64url'), additionalData },
      key,
      Buffer.from(data!, 'base64url'),
    );
    expect(new TextDecoder().decode(plain)).toBe('d-value');
  });
});

describe('ES256 with node:crypto', () => {
  it('signs a JWT that jose verifies with the public key', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwt = signEs256({ kid: 'k1', typ: 'pouch-receipt+jwt' }, { sub: 'pay_1', aud: 'm_1' }, privateKey);
    const { payload, protectedHeader } = await jwtVerify(jwt, publicKey, { audience: 'm_1' });
    expect(payload.sub).toBe('pay_1');
    expect(protectedHeader).toEqual({ alg: 'ES256', kid: 'k1', typ: 'pouch-receipt+jwt' });
  });

  it('checks a signature jose made, refuses one changed after signing, and a key that is no P-256 key', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = await exportJWK(publicKey);
    const jws = await new CompactSign(Buffer.from('{"amount":100}'))
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .sign(privateKey);
    expect(Buffer.from((await es256SignatureCheck(jws, jwk)) as Uint8Array).toString()).toBe('{"amount":100}');
    const [header, , signature] = jws.split('.');
    const changed = `${header}.${Buffer.from('{"amount":1}').toString('base64url')}.${signature}`;
    expect(await es256SignatureCheck(changed, jwk)).toBe('bad_signature');
    expect(await es256SignatureCheck(`${header}.${jws.split('.')[1]}.AAAA`, jwk)).toBe('bad_signature');
    const other = await exportJWK((await generateKeyPair('ES384')).publicKey);
    expect(await es256SignatureCheck(jws, other)).toBe('unusable_key');
    expect(await es256SignatureCheck(jws, { ...jwk, x: 'AAAA' })).toBe('unusable_key');
  });
});

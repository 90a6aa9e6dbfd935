import { CompactSign, exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, startTestPlatform, type TestPlatform } from '../support/platform';
import { signUpMerchant, TestWallet, type ApiPath, type TestMerchant } from '../support/wallet-client';

describe.each(BACKENDS)('refusals on %s', (backend) => {
  let platform: TestPlatform;
  let merchant: TestMerchant;
  let wallet: TestWallet;

  beforeAll(async () => {
    platform = await startTestPlatform(backend);
    merchant = await signUpMerchant(platform.url);
    wallet = await TestWallet.create(platform.url);
    const card = await wallet.addCard();
    await wallet.topUp(card, 100_000);
  });
  afterAll(() => platform?.close());

  const fields = (body: { issues?: { field: string }[] }) => body.issues?.map((i) => i.field) ?? [];

  it.each<[string, ApiPath, unknown, string[]]>([
    [
      'POST',
      '/v1/wallets',
      { devicePublicKey: { kty: 'RSA' }, pin: '12' },
      ['devicePublicKey.kty', 'devicePublicKey.crv', 'pin'],
    ],
    [
      'POST',
      '/v1/wallets',
      {
        devicePublicKey: { kty: 'EC', crv: 'P-256', x: 'a'.repeat(43), y: 'b'.repeat(43), d: 'secret' },
        pin: '246810',
      },
      ['devicePublicKey'],
    ],
    ['POST', '/v1/sessions', { walletId: 'w', challenge: 'c', signature: 'not base64url!' }, ['signature']],
    [
      'POST',
      '/v1/merchants',
      { name: '', category: 'x', origins: ['http://shop.example/path'], webhookUrl: 'ftp://x' },
      ['name', 'origins.0', 'webhookUrl', 'publicJwk'],
    ],
    [
      'POST',
      '/v1/merchants',
      {
        name: 'Shop',
        category: 'x',
        origins: ['shop.example'],
        webhookUrl: 'https://shop.example/hook',
        generateKey: true,
      },
      ['origins.0'],
    ],
  ])('%s %s names every bad field', async (method, path, body, expected) => {
    const response = await wallet.call(method, path, body);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ code: 'invalid_request', status: 400 });
    expect(fields(response.body)).toEqual(expect.arrayContaining(expected));
  });

  it('refuses a body that is not JSON, naming the body', async () => {
    const response = await fetch(`${platform.url}/v1/wallets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'invalid_request', issues: [{ field: '(body)' }] });
  });

  it.each([
    [{ number: '6200000000000006', expMonth: 12, expYear: 2030, holder: 'A', cvc: '123' }, 'number', 'Luhn'],
    [{ number: '9999999999999995', expMonth: 12, expYear: 2030, holder: 'A', cvc: '123' }, 'number', 'UnionPay, Visa'],
    [{ number: '42424242424242', expMonth: 12, expYear: 2030, holder: 'A', cvc: '123' }, 'number', 'digits for visa'],
    [{ number: '6200000000000005', expMonth: 13, expYear: 2030, holder: 'A', cvc: '12' }, 'expMonth', 'month'],
  ])('refuses a bad card %#', async (card, field, expected) => {
    const response = await wallet.call('POST', '/v1/wallet/cards', card);
    expect(response.status).toBe(400);
    const issue = response.body.issues.find((i: { field: string }) => i.field === field);
    expect(issue.expected).toContain(expected);
  });

  it.each([
    ['6200000000000013', 'card_declined'],
    ['6200000000000005', 'expired_card', { expYear: 2020 }],
    ['6200000000000005', 'incorrect_cvc', { cvc: '000' }],
  ] as [string, string, object?][])('passes on the network refusing card %s (%s)', async (number, code, extra = {}) => {
    const response = await wallet.call('POST', '/v1/wallet/cards', {
      number,
      expMonth: 12,
      expYear: 2030,
      holder: 'A',
      cvc: '123',
      ...extra,
    });
    expect(response.status).toBe(402);
    expect(response.body.code).toBe(code);
  });

  it('moves no money when a card top-up is declined or times out', async () => {
    const poor = await wallet.addCard('6200000000000021');
    const slow = await wallet.addCard('6200000000000039');
    const before = await wallet.balance();
    expect((await wallet.topUp(poor, 1_000)).body.code).toBe('card_insufficient_funds');
    const timeout = await wallet.topUp(slow, 1_000);
    expect(timeout.status).toBe(504);
    expect(timeout.body.code).toBe('card_network_timeout');
    expect(await wallet.balance()).toBe(before);
    const pending = await platform.platform.db
      .selectFrom('card_charges')
      .select('status')
      .where('status', '=', 'pending')
      .execute();
    expect(pending).toEqual([]);
  });

  it('needs an Idempotency-Key for money movements', async () => {
    const response = await wallet.call('POST', '/v1/payments', {
      tag: await merchant.tag({}),
      funding: { type: 'balance' },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'idempotency_key_required', issues: [{ field: 'Idempotency-Key' }] });
  });

  it('refuses calls without a valid session', async () => {
    const response = await fetch(`${platform.url}/v1/wallet`, { headers: { authorization: 'Bearer ses_forged' } });
    expect(response.status).toBe(401);
    expect((await response.json()).code).toBe('session_expired');
  });

  it('refuses a challenge signed by another key, and a challenge used twice', async () => {
    const { body } = await wallet.call('POST', '/v1/sessions/challenge', { walletId: wallet.walletId });
    const other = await generateKeyPair('ES256');
    const forged = await crypto.subtle.sign(
      { name: 'ECDSA', hash: 'SHA-256' },
      other.privateKey as CryptoKey,
      new TextEncoder().encode(body.challenge),
    );
    const refused = await wallet.call('POST', '/v1/sessions', {
      walletId: wallet.walletId,
      challenge: body.challenge,
      signature: Buffer.from(forged).toString('base64url'),
      pin: wallet.pin,
    });
    expect(refused.body.code).toBe('signature_invalid');
    const reused = await wallet.call('POST', '/v1/sessions', {
      walletId: wallet.walletId,
      challenge: body.challenge,
      signature: Buffer.from(forged).toString('base64url'),
      pin: wallet.pin,
    });
    expect(reused.body.code).toBe('challenge_invalid');
  });

  describe('checkout tags', () => {
    async function refusal(tag: string) {
      const before = await wallet.balance();
      const response = await wallet.pay(tag);
      expect(await wallet.balance()).toBe(before);
      return response;
    }

    it('refuses a tag for an origin the merchant has not verified', async () => {
      const response = await refusal(await merchant.tag({ origin: 'https://evil.example' }));
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({
        code: 'origin_unverified',
        issues: [{ field: 'tag.payload.origin', expected: `an origin Demo Shop has verified (${merchant.origin})` }],
      });
    });

    /** Signs any payload with a merchant's key, past the kit's own schema check: what a careless or hostile signer sends. */
    async function rawTag(signer: TestMerchant, claims: Record<string, unknown>) {
      const now = Math.floor(Date.now() / 1000);
      const payload = {
        v: 1,
        iss: merchant.merchantId,
        aud: 'pouch',
        origin: merchant.origin,
        orderId: 'o1',
        amount: 100,
        currency: 'CNY',
        label: 'x',
        mode: 'direct',
        iat: now,
        exp: now + 60,
        jti: randomUUID(),
        ...claims,
      };
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'ES256', kid: signer.kid, typ: 'pouch-checkout+jws' })
        .sign(await importJWK(signer.privateJwk, 'ES256'));
    }

    it('refuses an expired tag', async () => {
      const now = Math.floor(Date.now() / 1000);
      const response = await refusal(await rawTag(merchant, { iat: now - 600, exp: now - 10 }));
      expect(response.body).toMatchObject({ code: 'tag_expired', issues: [{ field: 'tag.payload.exp' }] });
    });

    it('refuses a tag whose amount was changed after signing', async () => {
      const tag = await merchant.tag({ amount: 12_800 });
      const [header, payload, signature] = tag.split('.');
      const changed = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      changed.amount = 1;
      const tampered = `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`;
      expect((await refusal(tampered)).body.code).toBe('tag_bad_signature');
    });

    it('refuses an unknown key id, and an algorithm other than ES256', async () => {
      const other = await generateKeyPair('ES256');
      const unknown = await new CompactSign(new TextEncoder().encode('{}'))
        .setProtectedHeader({ alg: 'ES256', kid: 'nobody', typ: 'pouch-checkout+jws' })
        .sign(other.privateKey);
      expect((await refusal(unknown)).body).toMatchObject({
        code: 'tag_unknown_key',
        issues: [{ field: 'tag.header.kid' }],
      });
      const hmac = await new CompactSign(new TextEncoder().encode('{}'))
        .setProtectedHeader({ alg: 'HS256', kid: merchant.kid, typ: 'pouch-checkout+jws' })
        .sign(new TextEncoder().encode('k'.repeat(32)));
      expect((await refusal(hmac)).body).toMatchObject({ code: 'tag_invalid', issues: [{ field: 'tag.header.alg' }] });
      expect((await refusal('not-a-jws')).body.code).toBe('tag_malformed');
    });

    it('refuses a signed payload that is not JSON, or whose jti is no string (read before the signature check)', async () => {
      const key = await importJWK(merchant.privateJwk, 'ES256');
      const notJson = await new CompactSign(new TextEncoder().encode('not json'))
        .setProtectedHeader({ alg: 'ES256', kid: merchant.kid, typ: 'pouch-checkout+jws' })
        .sign(key);
      expect((await refusal(notJson)).body).toMatchObject({
        code: 'tag_malformed',
        issues: [{ field: 'tag.payload' }],
      });
      const response = await refusal(await rawTag(merchant, { jti: 42 }));
      expect(response.body.code).toBe('tag_invalid');
      expect(JSON.stringify(response.body.issues)).toContain('jti');
    });

    it('refuses a tag with a field outside the schema, naming it', async () => {
      const response = await refusal(await rawTag(merchant, { callback: 'https://evil.example' }));
      expect(response.body.code).toBe('tag_invalid');
      expect(JSON.stringify(response.body.issues)).toContain('callback');
    });

    it('refuses a tag signed by one merchant that names another', async () => {
      const other = await signUpMerchant(platform.url, { name: 'Other Shop' });
      expect((await refusal(await rawTag(other, {}))).body.code).toBe('tag_wrong_issuer');
    });

    it('refuses a tag meant for another audience', async () => {
      const response = await refusal(await rawTag(merchant, { aud: 'another-wallet' }));
      expect(response.body).toMatchObject({ code: 'tag_invalid', issues: [{ field: 'tag.payload.aud' }] });
    });
  });

  describe('payment PIN', () => {
    it('asks for the PIN above the password-free limit and locks after five wrong ones', async () => {
      const payer = await TestWallet.create(platform.url, '135790');
      await payer.topUp(await payer.addCard(), 100_000);
      expect((await payer.pay(await merchant.tag({ amount: 20_000 }))).status).toBe(201);
      const needsPin = await payer.pay(await merchant.tag({ amount: 20_001 }));
      expect(needsPin.status).toBe(403);
      expect(needsPin.body).toMatchObject({ code: 'pin_required', issues: [{ field: 'pin' }] });
      expect((await payer.pay(await merchant.tag({ amount: 20_001 }), { pin: '135790' })).status).toBe(201);
      for (let attempt = 1; attempt <= 4; attempt++) {
        const wrong = await payer.pay(await merchant.tag({ amount: 30_000 }), { pin: '000000' });
        expect(wrong.body.code).toBe('pin_incorrect');
        expect(wrong.body.detail).toContain(`${5 - attempt} tries left`);
      }
      const locked = await payer.pay(await merchant.tag({ amount: 30_000 }), { pin: '000000' });
      expect(locked.status).toBe(423);
      expect(locked.body.code).toBe('pin_locked');
      const stillLocked = await payer.pay(await merchant.tag({ amount: 30_000 }), { pin: '135790' });
      expect(stillLocked.body.code).toBe('pin_locked');
      expect(await payer.balance()).toBe(100_000 - 20_000 - 20_001);
    });
  });

  describe('rate limits', () => {
    it('limits wallet creation per address', async () => {
      const limited = await startTestPlatform('pglite', {
        config: {
          rateLimits: {
            walletCreation: 2,
            merchantSignup: 1,
            consoleSignIn: 10_000,
            cardsPerDay: 10_000,
            challengesPerMinute: 10_000,
            paymentsPerMinute: 10_000,
            deviceJoins: 10_000,
          },
        },
      });
      try {
        const jwk = await exportJWK((await generateKeyPair('ES256')).publicKey);
        const create = () =>
          fetch(`${limited.url}/v1/wallets`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ devicePublicKey: jwk, pin: '246810' }),
          });
        expect((await create()).status).toBe(201);
        expect((await create()).status).toBe(201);
        const third = await create();
        expect(third.status).toBe(429);
        expect((await third.json()).code).toBe('rate_limited');

        // Sign-ups: ten bodies fixed one refusal at a time use up none of the one allowed.
        const signUp = (body: Record<string, unknown>) =>
          fetch(`${limited.url}/v1/merchants`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
        for (let i = 0; i < 10; i++) expect((await signUp({ name: 'Shop', category: 'x' })).status).toBe(400);
        const good = { name: 'Shop', category: 'x', origins: ['https://shop.example'], generateKey: true };
        expect((await signUp({ ...good, webhookUrl: 'https://shop.example/h' })).status).toBe(201);
        expect((await signUp({ ...good, webhookUrl: 'https://shop.example/h' })).status).toBe(429);
      } finally {
        await limited.close();
      }
    });
  });
});

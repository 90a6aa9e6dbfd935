import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, startTestPlatform, type TestPlatform } from '../support/platform';
import { SoftAuthenticator } from '../support/soft-authenticator';
import { TestWallet } from '../support/wallet-client';

describe.each(BACKENDS)('unlocking with a passkey on %s', (backend) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(backend);
  });
  afterAll(() => platform?.close());

  /** A wallet with a passkey added after a step-up, from an extension page. */
  async function withPasskey(authenticator = new SoftAuthenticator()) {
    const wallet = await TestWallet.create(platform.url);
    const options = await wallet.call('POST', '/v1/wallet/passkeys/options', { pin: wallet.pin });
    expect(options.status, JSON.stringify(options.body)).toBe(200);
    expect(options.body.rp).toEqual({ name: 'Pouch' });
    expect(options.body.authenticatorSelection.userVerification).toBe('required');
    const added = await wallet.call('POST', '/v1/wallet/passkeys', {
      name: 'Chrome on Linux',
      response: authenticator.register(options.body),
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    return { wallet, authenticator };
  }

  it('adds a passkey only after a step-up, only from an extension page, user verified, each challenge once', async () => {
    const wallet = await TestWallet.create(platform.url);
    await wallet.signIn();
    // The PIN that unlocked a moment ago counts; a session a passkey opened would not (below).
    const options = (await wallet.call('POST', '/v1/wallet/passkeys/options', {})).body;
    const authenticator = new SoftAuthenticator();
    const fromWeb = await wallet.call('POST', '/v1/wallet/passkeys', {
      name: 'x',
      response: authenticator.register(options, { origin: 'https://evil.example' }),
    });
    expect(fromWeb.body.issues).toEqual([{ field: 'response', expected: 'an extension page of this wallet' }]);
    const unverified = await wallet.call('POST', '/v1/wallet/passkeys', {
      name: 'x',
      response: authenticator.register(options, { userVerified: false }),
    });
    expect(unverified.status).toBe(400);
    const used = await wallet.call('POST', '/v1/wallet/passkeys', {
      name: 'x',
      response: authenticator.register(options),
    });
    // The refused tries used up the challenge: each registration needs fresh options.
    expect(used.body.issues).toEqual([{ field: 'response', expected: 'a fresh challenge' }]);
    const stranger = await TestWallet.create(platform.url);
    const strangersOptions = (await stranger.call('POST', '/v1/wallet/passkeys/options', { pin: stranger.pin })).body;
    const crossed = await wallet.call('POST', '/v1/wallet/passkeys', {
      name: 'x',
      response: authenticator.register(strangersOptions),
    });
    expect(crossed.body.issues).toEqual([{ field: 'response', expected: 'a fresh challenge' }]);
    expect((await wallet.call('GET', '/v1/wallet/passkeys')).body.items).toEqual([]);
  });

  it('unlocks with a verified assertion; the session then proves no PIN', async () => {
    const { wallet, authenticator } = await withPasskey();
    const session = await wallet.signInWithPasskey(async (challenge) => authenticator.assert(challenge));
    expect(session.status, JSON.stringify(session.body)).toBe(200);
    const stepUp = await wallet.call('POST', '/v1/wallet/recovery-code', {});
    expect(stepUp.body.code).toBe('pin_required');
    const listed = (await wallet.call('GET', '/v1/wallet/passkeys')).body.items;
    expect(listed).toEqual([
      {
        id: expect.any(String),
        name: 'Chrome on Linux',
        createdAt: expect.any(String),
        lastUsedAt: expect.any(String),
      },
    ]);
  });

  it('refuses an unverified user, a counter that went back, a replayed challenge, another wallet’s passkey, a removed one', async () => {
    const { wallet, authenticator } = await withPasskey();
    const refused = async (assert: (challenge: string) => unknown) =>
      (await wallet.signInWithPasskey(async (challenge) => assert(challenge))).body.code;
    expect(await refused((c) => authenticator.assert(c, { userVerified: false }))).toBe('passkey_invalid');
    expect((await wallet.signInWithPasskey(async (c) => authenticator.assert(c, { counter: 10 }))).status).toBe(200);
    expect(await refused((c) => authenticator.assert(c, { counter: 9 }))).toBe('passkey_invalid');
    // An assertion over another challenge than the one signed by the device.
    expect(await refused(() => authenticator.assert('chl_not-this-one'))).toBe('passkey_invalid');

    const other = await withPasskey();
    expect(await refused((c) => other.authenticator.assert(c))).toBe('passkey_invalid');

    const [mine] = (await wallet.call('GET', '/v1/wallet/passkeys')).body.items;
    await wallet.signIn();
    expect((await wallet.call('DELETE', `/v1/wallet/passkeys/${mine.id}`)).body.items).toEqual([]);
    expect(await refused((c) => authenticator.assert(c))).toBe('passkey_invalid');
    expect((await other.wallet.call('DELETE', `/v1/wallet/passkeys/${mine.id}`)).body.code).toBe('passkey_not_found');
  });

  it('takes the PIN or a passkey, never both, never neither', async () => {
    const { wallet, authenticator } = await withPasskey();
    const both = await wallet.signInWithPasskey(async (c) => authenticator.assert(c), { pin: wallet.pin });
    expect(both.body.issues).toEqual([{ field: 'pin', expected: 'expected the PIN or a passkey (one of them)' }]);
    const neither = await wallet.call('POST', '/v1/sessions', {
      walletId: wallet.walletId,
      challenge: 'x',
      signature: 'x',
    });
    expect(neither.body.issues).toEqual([{ field: 'pin', expected: 'expected the PIN or a passkey (one of them)' }]);
  });
});

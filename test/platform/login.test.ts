import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyIdToken } from '../../merchant/kit/src/index';
import { BACKENDS, startTestPlatform, type TestPlatform } from '../support/platform';
import { signUpMerchant, TestWallet, type TestMerchant } from '../support/wallet-client';

const nonce = () => crypto.randomUUID().replace(/-/g, '');

describe.each(BACKENDS)('sign in with Pouch on %s', (backend) => {
  let platform: TestPlatform;
  let shop: TestMerchant;
  let air: TestMerchant;

  beforeAll(async () => {
    platform = await startTestPlatform(backend);
    shop = await signUpMerchant(platform.url);
    air = await signUpMerchant(platform.url, { name: 'Sky Air' });
  });
  afterAll(() => platform?.close());

  it('issues an ID token the merchant kit verifies, with a subject stable per shop and different across shops', async () => {
    const wallet = await TestWallet.create(platform.url);
    const n = nonce();
    const first = await wallet.login(shop, n);
    expect(first.status).toBe(201);
    const verified = await verifyIdToken(first.body.idToken, {
      platformUrl: platform.platform.config.publicUrl,
      merchantId: shop.merchantId,
      nonce: n,
    });
    expect(verified.subject).toBe(first.body.subject);
    expect(verified.subject).not.toContain(wallet.walletId);
    const again = await wallet.login(shop, nonce(), false);
    expect(again.body.subject).toBe(first.body.subject);
    const elsewhere = await wallet.login(air, nonce());
    expect(elsewhere.body.subject).not.toBe(first.body.subject);
    const other = await TestWallet.create(platform.url);
    expect((await other.login(shop, nonce())).body.subject).not.toBe(first.body.subject);
  });

  it('refuses a token checked with another nonce or for another shop', async () => {
    const wallet = await TestWallet.create(platform.url);
    const n = nonce();
    const { body } = await wallet.login(shop, n);
    const options = { platformUrl: platform.platform.config.publicUrl, merchantId: shop.merchantId };
    await expect(verifyIdToken(body.idToken, { ...options, nonce: nonce() })).rejects.toThrow('nonce');
    await expect(verifyIdToken(body.idToken, { ...options, merchantId: air.merchantId, nonce: n })).rejects.toThrow();
  });

  it('needs consent for a site not connected, and again after the user revokes it', async () => {
    const wallet = await TestWallet.create(platform.url);
    const silent = await wallet.login(shop, nonce(), false);
    expect(silent.status).toBe(403);
    expect(silent.body).toMatchObject({ code: 'consent_required', issues: [{ field: 'consent' }] });
    expect((await wallet.login(shop, nonce(), true)).status).toBe(201);
    expect((await wallet.call('GET', '/v1/wallet/connections')).body.items).toEqual([
      expect.objectContaining({ merchantId: shop.merchantId, merchantName: 'Demo Shop' }),
    ]);
    expect((await wallet.call('DELETE', `/v1/wallet/connections/${shop.merchantId}`)).body.items).toEqual([]);
    expect((await wallet.login(shop, nonce(), false)).body.code).toBe('consent_required');
  });

  it('names a bad nonce and an origin the shop did not register', async () => {
    const wallet = await TestWallet.create(platform.url);
    const short = await wallet.call('POST', '/v1/wallet/logins', {
      merchantId: shop.merchantId,
      origin: shop.origin,
      nonce: 'x',
      consent: true,
    });
    expect(short.body.issues).toEqual([
      { field: 'nonce', expected: 'expected a random nonce of 16 to 128 URL-safe characters' },
    ]);
    const foreign = await wallet.call('POST', '/v1/wallet/logins', {
      merchantId: shop.merchantId,
      origin: 'https://evil.example',
      nonce: nonce(),
      consent: true,
    });
    expect(foreign.body).toMatchObject({ code: 'wrong_origin', issues: [{ field: 'origin' }] });
  });
});

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyIdToken } from '../../merchant/kit/src/index';
import { BACKENDS, platformWithTwoShops, type TestPlatform, type TwoShops } from '../support/platform';
import { TestWallet, type TestMerchant } from '../support/wallet-client';

const HOME = {
  name: 'Li Lei',
  phone: '138 0013 8000',
  region: '上海市 浦东新区',
  street: '世纪大道 100 号 5 楼 501',
  postcode: '200120',
};

describe.each(BACKENDS)('addresses and contact, shared only with consent, on %s', (backend) => {
  let platform: TestPlatform;
  let hooks: TwoShops['hooks'];
  let shop: TestMerchant;
  let otherShop: TestMerchant;
  platformWithTwoShops(backend, (world) => ({ platform, hooks, shop, otherShop } = world));

  async function shopperWithAddress() {
    const wallet = await TestWallet.create(platform.url);
    await wallet.topUp(await wallet.addCard(), 50_000);
    const saved = await wallet.call('POST', '/v1/wallet/addresses', HOME);
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    await wallet.call('PUT', '/v1/wallet/contact', { email: 'li.lei@example.com' });
    return { wallet, addressId: saved.body.addresses[0].id as string };
  }

  it('keeps addresses and the contact sealed, naming each wrong field, at most ten, each wallet its own', async () => {
    const { wallet, addressId } = await shopperWithAddress();
    const { body } = await wallet.call('GET', '/v1/wallet/sharing');
    expect(body).toEqual({
      addresses: [{ id: addressId, country: 'CN', ...HOME }],
      contact: { email: 'li.lei@example.com' },
    });
    const rows = await platform.platform.db.selectFrom('wallet_addresses').select('sealed').execute();
    expect(rows.every((r) => r.sealed.startsWith('sealed:v1:') && !r.sealed.includes('Li Lei'))).toBe(true);

    const wrong = await wallet.call('POST', '/v1/wallet/addresses', {
      ...HOME,
      phone: '12345',
      postcode: '2001',
      region: '',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.issues.map((i: { field: string }) => i.field).sort()).toEqual(['phone', 'postcode', 'region']);
    const abroad = await wallet.call('POST', '/v1/wallet/addresses', {
      ...HOME,
      country: 'GB',
      phone: '+44 20 7946 0000',
      postcode: 'SW1A 1AA',
      region: 'London',
      street: '1 Example Street',
    });
    expect(abroad.status).toBe(201);
    const email = await wallet.call('PUT', '/v1/wallet/contact', { email: 'not an email' });
    expect(email.body.issues).toEqual([
      { field: 'email', expected: 'expected an email address such as li.lei@example.com' },
    ]);

    const stranger = await TestWallet.create(platform.url);
    expect((await stranger.call('PUT', `/v1/wallet/addresses/${addressId}`, HOME)).body.code).toBe('address_not_found');
    expect((await stranger.call('DELETE', `/v1/wallet/addresses/${addressId}`)).status).toBe(404);
    const many = await Promise.all(
      Array.from({ length: 12 }, () => stranger.call('POST', '/v1/wallet/addresses', HOME)),
    );
    expect(many.filter((r) => r.status === 201)).toHaveLength(10);
    expect(many.filter((r) => r.status !== 201).every((r) => r.body.code === 'address_limit_reached')).toBe(true);
    const changed = await wallet.call('PUT', `/v1/wallet/addresses/${addressId}`, { ...HOME, name: 'Han Meimei' });
    expect(changed.body.addresses[0].name).toBe('Han Meimei');
  });

  it('shares exactly what the tag asked and the shopper chose, by webhook and API, never to another shop', async () => {
    const { wallet, addressId } = await shopperWithAddress();
    const tag = () => shop.tag({ amount: 1_000, share: ['address', 'contact'] });
    const none = await wallet.pay(await tag());
    expect(none.status).toBe(400);
    expect(none.body.issues).toEqual([
      { field: 'share.addressId', expected: 'one of your addresses: the shop asks for a delivery address' },
    ]);
    const stranger = await shopperWithAddress();
    const foreign = await wallet.call(
      'POST',
      '/v1/payments',
      { tag: await tag(), funding: { type: 'balance' }, share: { addressId: stranger.addressId, contact: true } },
      { 'idempotency-key': randomUUID() },
    );
    expect(foreign.body.issues).toEqual([{ field: 'share.addressId', expected: 'one of your saved addresses' }]);
    const unasked = await wallet.call(
      'POST',
      '/v1/payments',
      { tag: await shop.tag({ amount: 100 }), funding: { type: 'balance' }, share: { contact: true } },
      { 'idempotency-key': randomUUID() },
    );
    expect(unasked.body.issues).toEqual([
      { field: 'share.contact', expected: 'false: the shop did not ask for a contact' },
    ]);

    const paid = await wallet.call(
      'POST',
      '/v1/payments',
      { tag: await tag(), funding: { type: 'balance' }, share: { addressId, contact: true } },
      { 'idempotency-key': randomUUID() },
    );
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    const paymentId: string = paid.body.payment.id;
    const delivery = await hooks.deliveryOf(paymentId);
    expect(JSON.parse(delivery.rawBody).data.shared).toEqual({
      address: { country: 'CN', ...HOME },
      contact: { email: 'li.lei@example.com' },
    });
    const read = await shop.call('GET', `/v1/merchant/payments/${paymentId}/shared`);
    expect(read.body).toEqual(JSON.parse(delivery.rawBody).data.shared);
    expect((await otherShop.call('GET', `/v1/merchant/payments/${paymentId}/shared`)).status).toBe(404);
    const row = await platform.platform.db
      .selectFrom('payments')
      .select('shared_sealed')
      .where('id', '=', paymentId)
      .executeTakeFirstOrThrow();
    expect(row.shared_sealed).toMatch(/^sealed:v1:/);
    // The webhook outbox keeps no copy: each sending opens the payment's.
    const outbox = await platform.platform.db.selectFrom('webhook_events').select('payload').execute();
    const kept = JSON.stringify(outbox.map((event) => event.payload));
    expect(kept).toContain(paymentId);
    expect(kept).not.toContain('Li Lei');
    expect(kept).not.toContain('li.lei@example.com');

    // What the shop was given stays what was shared, whatever the shopper edits later.
    await wallet.call('PUT', `/v1/wallet/addresses/${addressId}`, { ...HOME, street: 'elsewhere' });
    expect((await shop.call('GET', `/v1/merchant/payments/${paymentId}/shared`)).body.address.street).toBe(HOME.street);
    // A payment whose tag asked nothing shares nothing.
    const plain = await wallet.pay(await shop.tag({ amount: 100 }));
    expect((await shop.call('GET', `/v1/merchant/payments/${plain.body.payment.id}/shared`)).body).toEqual({});
    expect(JSON.parse((await hooks.deliveryOf(plain.body.payment.id)).rawBody).data.shared).toBeUndefined();
  });

  it('lists per shop what it was given; revoking stops the shop reading it until the shopper shares again', async () => {
    const { wallet, addressId } = await shopperWithAddress();
    const pay = async () =>
      wallet.call(
        'POST',
        '/v1/payments',
        {
          tag: await shop.tag({ amount: 500, share: ['address'] }),
          funding: { type: 'balance' },
          share: { addressId },
        },
        { 'idempotency-key': randomUUID() },
      );
    const first = await pay();
    const shares = await wallet.call('GET', '/v1/wallet/shares');
    expect(shares.body.items).toEqual([
      {
        merchantId: shop.merchantId,
        merchantName: 'Demo Shop',
        kinds: ['address'],
        payments: 1,
        signIns: 0,
        lastSharedAt: expect.any(String),
      },
    ]);
    const revoked = await wallet.call('POST', `/v1/wallet/shares/${shop.merchantId}/revoke`);
    expect(revoked.body.items[0].revokedAt).toEqual(expect.any(String));
    const hidden = await shop.call('GET', `/v1/merchant/payments/${first.body.payment.id}/shared`);
    expect(hidden.body).toEqual({ revokedAt: revoked.body.items[0].revokedAt });
    // The payment's webhook sent again carries only that too.
    const sent = await hooks.deliveryOf(first.body.payment.id);
    expect(JSON.parse(sent.rawBody).data.shared.address.name).toBe('Li Lei');
    const deliveries = await shop.call('GET', '/v1/merchant/webhook-deliveries');
    const delivery = deliveries.body.items.find((d: { eventId: string }) => d.eventId === sent.eventId);
    expect((await shop.call('POST', `/v1/merchant/webhook-deliveries/${delivery.id}/resend`)).status).toBe(200);
    await expect
      .poll(() =>
        hooks.received.filter((r) => r.eventId === sent.eventId).map((r) => JSON.parse(r.rawBody).data.shared),
      )
      .toEqual([expect.objectContaining({ address: expect.any(Object) }), hidden.body]);

    const again = await pay();
    expect(again.status).toBe(201);
    expect((await shop.call('GET', `/v1/merchant/payments/${again.body.payment.id}/shared`)).body.address.name).toBe(
      'Li Lei',
    );
    expect((await wallet.call('GET', '/v1/wallet/shares')).body.items[0]).toMatchObject({ payments: 2 });
    expect((await wallet.call('GET', '/v1/wallet/shares')).body.items[0].revokedAt).toBeUndefined();
  });

  it('puts what the shopper chose in a sign-in’s ID token, only with consent given then, and lists it', async () => {
    const { wallet, addressId } = await shopperWithAddress();
    const login = (share: unknown, consent: boolean) =>
      wallet.call('POST', '/v1/wallet/logins', {
        merchantId: shop.merchantId,
        origin: shop.origin,
        nonce: randomUUID().replace(/-/g, ''),
        consent,
        share,
      });
    expect((await login(undefined, true)).status).toBe(201);
    // Connected now, but details still need consent given in the window, each time.
    expect((await login({ contact: true }, false)).body.code).toBe('consent_required');
    const token = await login({ addressId, contact: true }, true);
    expect(token.status).toBe(201);
    const verified = await verifyIdToken(token.body.idToken, {
      platformUrl: platform.platform.config.publicUrl,
      merchantId: shop.merchantId,
      nonce: JSON.parse(Buffer.from(token.body.idToken.split('.')[1], 'base64url').toString()).nonce,
    });
    expect(verified).toMatchObject({ email: 'li.lei@example.com', address: { country: 'CN', ...HOME } });
    const plain = await login(undefined, false);
    const claims = JSON.parse(Buffer.from(plain.body.idToken.split('.')[1], 'base64url').toString());
    expect(claims.email).toBeUndefined();
    expect(claims.address).toBeUndefined();
    expect((await wallet.call('GET', '/v1/wallet/shares')).body.items).toEqual([
      expect.objectContaining({ merchantId: shop.merchantId, kinds: ['address', 'contact'], payments: 0, signIns: 1 }),
    ]);
  });

  it('refuses a contact the wallet has not saved', async () => {
    const wallet = await TestWallet.create(platform.url);
    await wallet.topUp(await wallet.addCard(), 10_000);
    const refused = await wallet.call(
      'POST',
      '/v1/payments',
      {
        tag: await shop.tag({ amount: 100, share: ['contact'] }),
        funding: { type: 'balance' },
        share: { contact: true },
      },
      { 'idempotency-key': randomUUID() },
    );
    expect(refused.body.issues).toEqual([
      { field: 'share.contact', expected: 'a contact email saved in your wallet first' },
    ]);
    expect(await wallet.balance()).toBe(10_000);
  });
});

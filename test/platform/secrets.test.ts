import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyReceipt, verifyWebhook } from '../../merchant/kit/src/index';
import { sealContext } from '../../platform/crypto/secret-box';
import { platformSecret, platformSigningKey, rotateSigningKey } from '../../platform/crypto/signing-keys';
import { BACKENDS, startTestPlatform, type TestPlatform } from '../support/platform';
import { webhookReceiver } from '../support/webhook-receiver';
import { signUpMerchant, TestWallet } from '../support/wallet-client';

describe.each(BACKENDS)('secrets at rest on %s', (backend) => {
  let platform: TestPlatform;
  let receiver: Awaited<ReturnType<typeof webhookReceiver>>;

  beforeAll(async () => {
    platform = await startTestPlatform(backend);
    receiver = await webhookReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await platform?.close();
  });

  /** Every row of every table, as text: what a stolen database dump shows. */
  async function dump(): Promise<string> {
    const db = platform.platform.db;
    const { rows } = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`.execute(
      db,
    );
    expect(rows.length).toBeGreaterThan(20);
    const parts: string[] = [];
    for (const { table_name } of rows) {
      const { rows: data } = await sql`SELECT * FROM ${sql.table(table_name)}`.execute(db);
      parts.push(JSON.stringify(data, (_, v) => (typeof v === 'bigint' ? String(v) : v)));
    }
    return parts.join('\n');
  }

  it('keeps no webhook secret, API key, private signing key or pairwise key in a readable form', async () => {
    const merchant = await signUpMerchant(platform.url, { webhookUrl: receiver.url });
    const wallet = await TestWallet.create(platform.url);
    await wallet.topUp(await wallet.addCard('6200000000000005'), 5_000);
    expect((await wallet.pay(await merchant.tag({ amount: 1_000 }))).status).toBe(201);
    const login = await wallet.login(merchant, 'n'.repeat(24));
    expect(login.status).toBe(201);

    const text = await dump();
    const { db, box } = platform.platform;
    const keys = await db.selectFrom('signing_keys').selectAll().execute();
    const privateScalars = await Promise.all(
      keys.map((k) => box.open(k.private_jwk.sealedD!, sealContext.signingKey(k.kid))),
    );
    expect(privateScalars[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const pairwise = await platformSecret(db, box, 'pairwise-subject');
    expect(text).toContain(merchant.merchantId);
    for (const secret of [merchant.webhookSecret, merchant.apiKey, ...privateScalars, pairwise])
      expect(text).not.toContain(secret);
    // The card number's bare hash (what a network token used to carry) is not there either.
    const bare = createHash('sha256').update('sandbox:6200000000000005').digest('base64url').slice(0, 16);
    expect(text).not.toContain(bare);
    expect(text).not.toContain('6200000000000005');
  });

  it('signs webhooks under both secrets while a rotation is in its grace period', async () => {
    const merchant = await signUpMerchant(platform.url, { webhookUrl: receiver.url });
    const rotated = await merchant.call('POST', '/v1/merchant/webhook-secret/rotate');
    expect(rotated.status).toBe(201);
    const wallet = await TestWallet.create(platform.url);
    await wallet.topUp(await wallet.addCard(), 5_000);
    const paid = await wallet.pay(await merchant.tag({ amount: 700 }));
    const delivery = await receiver.deliveryOf(paid.body.payment.id);
    for (const secret of [merchant.webhookSecret, rotated.body.webhookSecret])
      expect(verifyWebhook(secret, delivery.rawBody, delivery.headers).id).toBe(delivery.eventId);
  });

  it('lets the previous API key work for the grace period, and not after', async () => {
    const merchant = await signUpMerchant(platform.url);
    const rotated = await merchant.call('POST', '/v1/merchant/api-key/rotate');
    expect(rotated.status).toBe(201);
    expect((await merchant.call('GET', '/v1/merchant/payments')).status).toBe(200);
    const fresh = await fetch(`${platform.url}/v1/merchant/payments`, {
      headers: { authorization: `Bearer ${rotated.body.apiKey}` },
    });
    expect(fresh.status).toBe(200);
    await platform.platform.db
      .updateTable('merchants')
      .set({ previous_api_key_until: new Date(Date.now() - 1_000) })
      .where('id', '=', merchant.merchantId)
      .execute();
    expect((await merchant.call('GET', '/v1/merchant/payments')).status).toBe(401);
  });

  it('rotates the platform signing key: the new one signs, the old one stays published', async () => {
    const merchant = await signUpMerchant(platform.url);
    const wallet = await TestWallet.create(platform.url);
    await wallet.topUp(await wallet.addCard(), 5_000);
    const before = await wallet.pay(await merchant.tag({ amount: 500 }));
    const { db, box } = platform.platform;
    const oldKid = (await platformSigningKey(db, box)).kid;
    const newKid = await rotateSigningKey(db, box, new Date());
    expect(newKid).not.toBe(oldKid);
    expect((await platformSigningKey(db, box)).kid).toBe(newKid);
    const jwks = await (await fetch(`${platform.url}/.well-known/jwks.json`)).json();
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual(expect.arrayContaining([oldKid, newKid]));
    const receipt = await verifyReceipt(before.body.receipt, {
      platformUrl: platform.url,
      merchantId: merchant.merchantId,
    });
    expect(receipt.paymentId).toBe(before.body.payment.id);
  });
});

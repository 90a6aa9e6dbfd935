import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { voidAbandonedCharges } from '../../platform/cards/charges';
import { openDatabase } from '../../platform/db/connect';
import { ledgerViolations } from '../support/ledger-invariants';
import { BACKENDS, freshPostgres, startTestPlatform, type TestPlatform, platformWithShop } from '../support/platform';
import { freePort, spawnPlatform } from '../support/platform-process';
import { signUpMerchant, TestWallet, type TestMerchant } from '../support/wallet-client';

describe.each(BACKENDS)('a failure between two writes on %s', (backend) => {
  let platform: TestPlatform;
  let merchant: TestMerchant;

  platformWithShop(backend, (started) => ({ platform, merchant } = started));

  /** Makes the payment row's insert fail: the ledger postings before it were already written in the same transaction. */
  async function breakPaymentInserts(broken: boolean) {
    const db = platform.platform.db;
    if (broken) {
      await sql`CREATE OR REPLACE FUNCTION fail_payment() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected fault'; END $$`.execute(
        db,
      );
      await sql`CREATE TRIGGER injected_fault BEFORE INSERT ON payments FOR EACH ROW EXECUTE FUNCTION fail_payment()`.execute(
        db,
      );
    } else {
      await sql`DROP TRIGGER injected_fault ON payments`.execute(db);
    }
  }

  it('leaves nothing half-written, gives the card charge back, and the same tag pays once fixed', async () => {
    const wallet = await TestWallet.create(platform.url);
    const card = await wallet.addCard();
    await wallet.topUp(card, 10_000);
    const tag = await merchant.tag({ amount: 2_500 });
    const cardTag = await merchant.tag({ amount: 1_500 });
    const db = platform.platform.db;
    const count = async (table: 'transfers' | 'payments' | 'used_tags' | 'webhook_events' | 'idempotency_keys') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await Promise.all([
      count('transfers'),
      count('payments'),
      count('used_tags'),
      count('webhook_events'),
      count('idempotency_keys'),
    ]);

    await breakPaymentInserts(true);
    try {
      const failed = await wallet.pay(tag, { key: 'fault-key-1' });
      expect(failed.status).toBe(500);
      expect(failed.body.code).toBe('internal');
      const failedCard = await wallet.pay(cardTag, { funding: { type: 'card', cardToken: card } });
      expect(failedCard.status).toBe(500);
    } finally {
      await breakPaymentInserts(false);
    }
    expect(
      await Promise.all([
        count('transfers'),
        count('payments'),
        count('used_tags'),
        count('webhook_events'),
        count('idempotency_keys'),
      ]),
    ).toEqual(before);
    expect(await wallet.balance()).toBe(10_000);
    const charges = await db
      .selectFrom('card_charges')
      .select('status')
      .where('wallet_id', '=', wallet.walletId)
      .orderBy('created_at')
      .execute();
    expect(charges.map((c) => c.status)).toEqual(['captured', 'voided']);
    expect(await ledgerViolations(db)).toEqual([]);

    const retried = await wallet.pay(tag, { key: 'fault-key-1' });
    expect(retried.status).toBe(201);
    expect(await wallet.balance()).toBe(7_500);
  });
});

describe('a platform process killed in the middle of a card payment', () => {
  it('voids the charge on restart and records no payment', async () => {
    const database = await freshPostgres();
    // The card hangs under a long network timeout; the restarted process, with a short one, may void it soon.
    const hanging = { DATABASE_URL: database.url, POUCH_CARD_TIMEOUT_MS: '30000', POUCH_ABANDONED_CHARGE_MS: '300000' };
    const env = { DATABASE_URL: database.url, POUCH_CARD_TIMEOUT_MS: '20', POUCH_ABANDONED_CHARGE_MS: '200' };
    const port = await freePort();
    let server = await spawnPlatform(hanging, port);
    try {
      const merchant = await signUpMerchant(server.url);
      const wallet = await TestWallet.create(server.url);
      const hangingCard = await wallet.addCard('6200000000000039');
      const inFlight = wallet
        .pay(await merchant.tag({ amount: 4_200 }), { funding: { type: 'card', cardToken: hangingCard } })
        .catch((error: Error) => error);
      const db = await openDatabase({ databaseUrl: database.url });
      try {
        await expect
          .poll(async () => (await db.selectFrom('card_charges').select('status').execute()).map((c) => c.status), {
            timeout: 10_000,
          })
          .toEqual(['pending']);
        await server.kill();
        expect(await inFlight).toBeInstanceOf(Error);

        server = await spawnPlatform(env, port);
        await expect
          .poll(async () => (await db.selectFrom('card_charges').select('status').execute()).map((c) => c.status), {
            timeout: 10_000,
          })
          .toEqual(['voided']);
        expect(await db.selectFrom('payments').selectAll().execute()).toEqual([]);
        expect(await db.selectFrom('used_tags').selectAll().execute()).toEqual([]);
        expect(await ledgerViolations(db)).toEqual([]);
      } finally {
        await db.destroy();
      }
    } finally {
      await server.stop();
      await database.drop();
    }
  });
});

describe('a card payment whose process was killed after the network charged', () => {
  it('is settled exactly once by a retry with the same key', async () => {
    const database = await freshPostgres();
    // Charged slowly (half the default 3 s timeout) until killed; restarted with a short window to void it soon.
    const env = { DATABASE_URL: database.url, POUCH_CARD_TIMEOUT_MS: '20', POUCH_ABANDONED_CHARGE_MS: '200' };
    const port = await freePort();
    let server = await spawnPlatform({ DATABASE_URL: database.url }, port);
    const db = await openDatabase({ databaseUrl: database.url });
    try {
      const merchant = await signUpMerchant(server.url);
      const wallet = await TestWallet.create(server.url);
      const slowCard = await wallet.addCard('6200000000000047');
      const tag = await merchant.tag({ amount: 3_300 });
      const key = randomUUID();
      const request = { funding: { type: 'card', cardToken: slowCard }, key };
      const inFlight = wallet.pay(tag, request).catch((error: Error) => error);
      await expect
        .poll(async () => (await db.selectFrom('card_charges').select('status').execute()).map((c) => c.status))
        .toEqual(['pending']);
      await server.kill();
      expect(await inFlight).toBeInstanceOf(Error);

      server = await spawnPlatform(env, port);
      // The new process's sweeper voids the charge the dead one left pending once it is past the window.
      await expect
        .poll(async () => (await db.selectFrom('card_charges').select('status').execute()).map((c) => c.status))
        .toEqual(['voided']);
      const retried = await wallet.pay(tag, request);
      expect(retried.status).toBe(201);
      expect((await wallet.pay(tag, request)).body.payment.id).toBe(retried.body.payment.id);
      const charges = await db.selectFrom('card_charges').select('status').orderBy('created_at').execute();
      expect(charges.map((c) => c.status)).toEqual(['voided', 'captured']);
      expect(await db.selectFrom('payments').select('id').execute()).toHaveLength(1);
      expect(await ledgerViolations(db)).toEqual([]);
    } finally {
      await db.destroy();
      await server.stop();
      await database.drop();
    }
  });
});

describe('PostgreSQL closing the platform’s idle connections', () => {
  it('is survived: the next request opens new ones', async () => {
    const platform = await startTestPlatform('postgres');
    try {
      const wallet = await TestWallet.create(platform.url);
      expect((await wallet.call('GET', '/v1/wallet')).status).toBe(200);
      // As a server restart or an administrator would: end every other session on this database.
      const admin = await openDatabase({ databaseUrl: platform.databaseUrl });
      try {
        const { rows } = await sql<{ ended: number }>`
          SELECT count(*)::int AS ended FROM (
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid()
               AND backend_type = 'client backend' AND usename = current_user) AS t`.execute(admin);
        expect(rows[0]!.ended).toBeGreaterThan(0);
      } finally {
        await admin.destroy();
      }
      await expect.poll(async () => (await wallet.call('GET', '/v1/wallet')).status, { timeout: 5_000 }).toBe(200);
    } finally {
      await platform.close();
    }
  });
});

describe.each(BACKENDS)('a card charge voided as abandoned while its request still ran, on %s', (backend) => {
  let platform: TestPlatform;
  let merchant: TestMerchant;

  // The slow card approves after 1.5 s (half the 3 s timeout); meanwhile the sweeper is made to void it,
  // as it would after a stall longer than the abandoned-charge window.
  beforeAll(async () => {
    platform = await startTestPlatform(backend, { config: { cardNetworkTimeoutMs: 3_000 } });
    merchant = await signUpMerchant(platform.url);
  });
  afterAll(() => platform?.close());

  const chargeStatuses = async (walletId: string) =>
    (
      await platform.platform.db
        .selectFrom('card_charges')
        .select('status')
        .where('wallet_id', '=', walletId)
        .orderBy('created_at')
        .execute()
    ).map((c) => c.status);

  /** Sends the request, and voids its charge as abandoned while the card network is still approving it. */
  async function voidedMidway<T>(walletId: string, request: () => Promise<T>): Promise<T> {
    const before = (await chargeStatuses(walletId)).length;
    const reply = request();
    await expect.poll(async () => (await chargeStatuses(walletId)).slice(before)).toEqual(['pending']);
    expect(await voidAbandonedCharges(platform.platform, 0)).toBe(1);
    return reply;
  }

  it('is never captured: the payment and the top-up answer 503 try_again, and nothing moves', async () => {
    const wallet = await TestWallet.create(platform.url);
    const slowCard = await wallet.addCard('6200000000000047');
    const tag = await merchant.tag({ amount: 3_300 });
    const paid = await voidedMidway(wallet.walletId, () =>
      wallet.pay(tag, { funding: { type: 'card', cardToken: slowCard } }),
    );
    expect([paid.status, paid.body.code, paid.headers.get('retry-after')]).toEqual([503, 'try_again', '1']);
    expect(paid.body.detail).toBe(
      'The card charge took too long and was cancelled; nothing was taken from the card. Try again in a moment.',
    );
    const topUp = await voidedMidway(wallet.walletId, () => wallet.topUp(slowCard, 2_000));
    expect([topUp.status, topUp.body.code]).toEqual([503, 'try_again']);
    expect(await chargeStatuses(wallet.walletId)).toEqual(['voided', 'voided']);
    const db = platform.platform.db;
    expect(await db.selectFrom('payments').select('id').where('wallet_id', '=', wallet.walletId).execute()).toEqual([]);
    expect(await wallet.balance()).toBe(0);
    expect(await ledgerViolations(db)).toEqual([]);
  });

  it('is settled once by a retry with the same key, charged again under a new attempt', async () => {
    const wallet = await TestWallet.create(platform.url);
    const slowCard = await wallet.addCard('6200000000000047');
    const tag = await merchant.tag({ amount: 4_400 });
    const request = { funding: { type: 'card', cardToken: slowCard }, key: randomUUID() };
    expect((await voidedMidway(wallet.walletId, () => wallet.pay(tag, request))).status).toBe(503);
    const retried = await wallet.pay(tag, request);
    expect(retried.status).toBe(201);
    expect(await chargeStatuses(wallet.walletId)).toEqual(['voided', 'captured']);
  });
});

describe('PostgreSQL ending the platform’s connections in the middle of payments', () => {
  it('answers each payment 201 or 503 try_again, never 500, and the same keys then pay each exactly once', async () => {
    const platform = await startTestPlatform('postgres');
    const admin = await openDatabase({ databaseUrl: platform.databaseUrl });
    try {
      const merchant = await signUpMerchant(platform.url);
      const wallet = await TestWallet.create(platform.url);
      expect((await wallet.topUp(await wallet.addCard(), 100_000)).status).toBe(201);
      const orders = await Promise.all(
        Array.from({ length: 40 }, async () => ({ tag: await merchant.tag({ amount: 100 }), key: randomUUID() })),
      );
      let killing = true;
      const killer = (async () => {
        while (killing) {
          // The platform's connections only: an autovacuum worker in the database is the server's own.
          await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                     WHERE datname = current_database() AND pid <> pg_backend_pid()
                       AND backend_type = 'client backend' AND usename = current_user`.execute(admin);
          await new Promise((resolve) => setTimeout(resolve, 15));
        }
      })();
      const first = await Promise.all(orders.map((o) => wallet.pay(o.tag, { key: o.key })));
      killing = false;
      await killer;
      for (const reply of first) {
        expect([201, 503]).toContain(reply.status);
        if (reply.status === 503) {
          expect(reply.body.code).toBe('try_again');
          expect(reply.headers.get('retry-after')).toBe('1');
        }
      }
      expect(first.some((reply) => reply.status === 503)).toBe(true);
      // As the wallet does: each undecided payment again under its own key, until the platform decides.
      for (const [i, reply] of first.entries()) {
        let status = reply.status;
        for (let tries = 0; status === 503 && tries < 5; tries++)
          status = (await wallet.pay(orders[i]!.tag, { key: orders[i]!.key })).status;
        expect(status).toBe(201);
      }
      expect(await admin.selectFrom('payments').select('id').execute()).toHaveLength(40);
      expect(await wallet.balance()).toBe(100_000 - 40 * 100);
      expect(await ledgerViolations(admin)).toEqual([]);
    } finally {
      await admin.destroy();
      await platform.close();
    }
  });
});

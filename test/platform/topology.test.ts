import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type DB } from '../../platform/db/connect';
import { startTopology, type Topology } from '../../scripts/topology/topology';
import { ledgerViolations } from '../support/ledger-invariants';
import { freshPostgres } from '../support/platform';
import { spawnPlatform } from '../support/platform-process';
import { startReplica } from '../support/postgres';
import { signUpMerchant, TestWallet, type TestMerchant } from '../support/wallet-client';

const WALLETS = 16;
const TAGS_PER_WALLET = 25;

/** Pays `tag` under one key until the platform answers: a dead process's 502, or a lost connection, is tried again. */
async function payUntilAnswered(wallet: TestWallet, tag: string, key: string, retried: { count: number }) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const answer = await wallet.pay(tag, { key }).catch(() => null);
    if (answer && answer.status !== 502 && answer.status !== 503) return answer;
    retried.count++;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no answer after 100 tries');
}

describe('two platform processes behind HAProxy, on PostgreSQL through PgBouncer, with a streaming replica', () => {
  let topology: Topology;
  let database: Awaited<ReturnType<typeof freshPostgres>>;
  let replicaUrl: string;
  let db: DB;
  let merchant: TestMerchant;

  beforeAll(async () => {
    const onReplica = startReplica();
    database = await freshPostgres();
    replicaUrl = await onReplica(database.url);
    topology = await startTopology({
      primaryUrl: database.url,
      replicaUrl,
      processes: 2,
      spawn: (env, port) =>
        spawnPlatform({ ...env, POUCH_PAYMENTS_PER_MINUTE: '100000', POUCH_WALLETS_PER_HOUR: '1000' }, port),
    });
    db = connectDatabase({ databaseUrl: database.url });
    merchant = await signUpMerchant(topology.url);
  }, 120_000);
  afterAll(async () => {
    await topology?.stop();
    await db?.destroy();
    await database?.drop();
  });

  it('serves the partner directory from the replica, and pays on the primary while the replica lags', async () => {
    const replica = new pg.Client({ connectionString: replicaUrl });
    await replica.connect();
    const listed = async (merchantId: string) =>
      (
        (await (await fetch(`${topology.url}/v1/directory`)).json()) as { partners: { merchantId: string }[] }
      ).partners.some((partner) => partner.merchantId === merchantId);
    try {
      expect((await replica.query('SELECT pg_is_in_recovery() AS standby')).rows[0].standby).toBe(true);
      await replica.query('SELECT pg_wal_replay_pause()');
      const late = await signUpMerchant(topology.url, { name: 'Late Shop' });
      // Verified on the primary; not on the replica yet, so neither process lists it.
      expect(await listed(late.merchantId)).toBe(false);
      expect(await listed(late.merchantId)).toBe(false);
      const wallet = await TestWallet.create(topology.url);
      await wallet.topUp(await wallet.addCard(), 10_000);
      expect((await wallet.pay(await late.tag({ amount: 1_000 }))).status).toBe(201);
      await replica.query('SELECT pg_wal_replay_resume()');
      await expect.poll(() => listed(late.merchantId), { timeout: 10_000 }).toBe(true);
    } finally {
      await replica.query('SELECT pg_wal_replay_resume()').catch(() => undefined);
      await replica.end();
    }
  });

  it('loses no payment when a platform process is killed under load', async () => {
    const wallets = await Promise.all(
      Array.from({ length: WALLETS }, async () => {
        const wallet = await TestWallet.create(topology.url);
        await wallet.topUp(await wallet.addCard(), 1_000_000);
        return wallet;
      }),
    );
    const retried = { count: 0 };
    const servedBy: string[] = [];
    // `dead` once the process has exited: what starts after that can only be served by the other one.
    let killing = false;
    let dead = false;
    const answers = await Promise.all(
      wallets.map(async (wallet) => {
        const mine = [];
        for (let i = 0; i < TAGS_PER_WALLET; i++) {
          const phase = dead ? 'after' : 'before';
          const answer = await payUntilAnswered(wallet, await merchant.tag({ amount: 100 }), randomUUID(), retried);
          servedBy.push(`${phase}:${answer.headers.get('x-pouch-process')}`);
          mine.push(answer);
          // A third of the way in, with every wallet's payment in flight, one process dies.
          if (!killing && servedBy.length >= Math.floor((WALLETS * TAGS_PER_WALLET) / 3)) {
            killing = true;
            await topology.platforms[0]!.kill();
            dead = true;
          }
        }
        return mine;
      }),
    );

    // Every payment answered 201, once: each wallet paid for each of its tags exactly once.
    const paid = answers.flat();
    expect(paid.map((answer) => answer.status)).toEqual(Array(WALLETS * TAGS_PER_WALLET).fill(201));
    expect(new Set(paid.map((answer) => answer.body.payment.id)).size).toBe(WALLETS * TAGS_PER_WALLET);
    for (const wallet of wallets) expect(await wallet.balance()).toBe(1_000_000 - 100 * TAGS_PER_WALLET);
    // Both processes served before the kill; only the survivor after; and some requests were cut off.
    expect(new Set(servedBy.filter((s) => s.startsWith('before')))).toEqual(
      new Set(['before:platform1', 'before:platform2']),
    );
    expect(new Set(servedBy.filter((s) => s.startsWith('after')))).toEqual(new Set(['after:platform2']));
    expect(retried.count).toBeGreaterThan(0);

    // In the database: a payment and its webhook event (the outbox) for each, and a whole ledger.
    const { rows } = await sql<{ payments: number; events: number }>`
      SELECT count(*)::int AS payments,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM webhook_events e WHERE e.type = 'payment.succeeded'
                                              AND e.payload->'payment'->>'id' = p.id))::int AS events
        FROM payments p WHERE p.merchant_id = ${merchant.merchantId}`.execute(db);
    expect(rows[0]).toEqual({ payments: WALLETS * TAGS_PER_WALLET, events: WALLETS * TAGS_PER_WALLET });
    expect(await ledgerViolations(db)).toEqual([]);

    // The dead process comes back at its address, and HAProxy sends it requests again.
    await topology.restart(0);
    await expect
      .poll(async () => (await fetch(`${topology.url}/healthz`)).headers.get('x-pouch-process'), { timeout: 10_000 })
      .toBe('platform1');
  }, 120_000);
});

import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpired } from '../../platform/housekeeping';
import { BACKENDS, startTestPlatform, type TestPlatform } from '../support/platform';
import { signUpMerchant, TestWallet } from '../support/wallet-client';

describe.each(BACKENDS)('housekeeping on %s', (backend) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(backend);
  });
  afterAll(() => platform?.close());

  it('deletes expired sessions, challenges, old rate-limit windows and long-expired tag ids, and nothing live', async () => {
    const db = platform.platform.db;
    const wallet = await TestWallet.create(platform.url);
    const merchant = await signUpMerchant(platform.url);
    expect((await wallet.topUp(await wallet.addCard(), 1_000)).status).toBe(201);
    expect((await wallet.pay(await merchant.tag({ amount: 100 }))).status).toBe(201);
    // A passkey challenge asked for and never answered.
    expect((await wallet.call('POST', '/v1/wallet/passkeys/options', { pin: wallet.pin })).status).toBe(200);
    const count = async () => ({
      sessions: (await db.selectFrom('sessions').select('token_hash').execute()).length,
      usedTags: (await db.selectFrom('used_tags').select('jti').execute()).length,
      rateLimits: (await db.selectFrom('rate_limits').select('bucket').execute()).length,
      passkeyChallenges: (await db.selectFrom('passkey_challenges').select('challenge').execute()).length,
    });
    const live = await count();
    expect(live.sessions).toBeGreaterThan(0);
    expect(live.usedTags).toBe(1);
    expect(live.rateLimits).toBeGreaterThan(0);
    expect(live.passkeyChallenges).toBe(1);

    // Now: everything is live.
    await purgeExpired(db, new Date());
    expect(await count()).toEqual(live);
    // Two days on: sessions (hours), the tag (15 minutes) and the hour's rate-limit window are all past.
    expect(await purgeExpired(db, new Date(Date.now() + 2 * 86_400_000))).toBeGreaterThanOrEqual(3);
    expect(await count()).toEqual({ sessions: 0, usedTags: 0, rateLimits: 0, passkeyChallenges: 0 });
    // The wallet signs in again as usual.
    await wallet.signIn();
    expect((await wallet.call('GET', '/v1/wallet')).status).toBe(200);
  });

  it('forgets idempotent replies after 24 hours; a money move retried later is refused, never made twice', async () => {
    const db = platform.platform.db;
    const wallet = await TestWallet.create(platform.url);
    const card = await wallet.addCard();
    const key = randomUUID();
    expect((await wallet.topUp(card, 1_000, key)).status).toBe(201);
    const replies = () => db.selectFrom('idempotency_keys').select('key').where('key', '=', key).execute();
    await purgeExpired(db, new Date(Date.now() + 23 * 3600_000));
    expect(await replies()).toHaveLength(1);
    await wallet.signIn(); // the session's twelve hours are past too
    expect((await wallet.topUp(card, 1_000, key)).headers.get('idempotent-replayed')).toBe('true');
    await purgeExpired(db, new Date(Date.now() + 25 * 3600_000));
    expect(await replies()).toEqual([]);
    await wallet.signIn();
    const late = await wallet.topUp(card, 1_000, key);
    expect([late.status, late.body.code]).toEqual([409, 'idempotency_key_expired']);
    expect(await wallet.balance()).toBe(1_000);
  });

  it('purges old replies in bounded batches: a backlog drains over runs', async () => {
    const db = platform.platform.db;
    await sql`INSERT INTO idempotency_keys (scope, key, request_hash, status, response, created_at)
              SELECT 'backlog', 'k' || n, 'h', 201, '{}'::jsonb, now() - interval '2 days'
              FROM generate_series(1, 10500) AS n`.execute(db);
    const backlog = async () =>
      Number(
        (
          await db
            .selectFrom('idempotency_keys')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('scope', '=', 'backlog')
            .executeTakeFirstOrThrow()
        ).n,
      );
    await purgeExpired(db, new Date());
    expect(await backlog()).toBe(500);
    await purgeExpired(db, new Date());
    expect(await backlog()).toBe(0);
  });

  it('lets webhook events go a month after nothing sends them any more, with their deliveries', async () => {
    const db = platform.platform.db;
    const wallet = await TestWallet.create(platform.url);
    const merchant = await signUpMerchant(platform.url);
    expect((await wallet.topUp(await wallet.addCard(), 1_000)).status).toBe(201);
    const eventOf = async () => {
      const paid = await wallet.pay(await merchant.tag({ amount: 100 }));
      expect(paid.status).toBe(201);
      const row = await db
        .selectFrom('webhook_events')
        .select('id')
        .where(sql<boolean>`payload -> 'payment' ->> 'id' = ${paid.body.payment.id}`)
        .executeTakeFirstOrThrow();
      return row.id;
    };
    const [done, waiting, recent] = [await eventOf(), await eventOf(), await eventOf()];
    const deliver = (ids: string[], status: 'succeeded' | 'pending') =>
      db
        .updateTable('webhook_deliveries')
        .set({ status, next_attempt_at: sql`now() + interval '1 day'`, locked_until: null })
        .where('event_id', 'in', ids)
        .execute();
    await deliver([done, recent], 'succeeded');
    // A shop's resend of an old event is still on its way.
    await deliver([waiting], 'pending');
    await db
      .updateTable('webhook_events')
      .set({ created_at: sql`now() - interval '31 days'` })
      .where('id', 'in', [done, waiting])
      .execute();
    const left = async () => ({
      events: (await db.selectFrom('webhook_events').select('id').where('id', 'in', [done, waiting, recent]).execute())
        .map((row) => row.id)
        .sort(),
      deliveries: (
        await db
          .selectFrom('webhook_deliveries')
          .select('event_id')
          .where('event_id', 'in', [done, waiting, recent])
          .execute()
      ).length,
    });

    expect(await purgeExpired(db, new Date())).toBeGreaterThanOrEqual(1);
    expect(await left()).toEqual({ events: [waiting, recent].sort(), deliveries: 2 });
  });

  it('deletes sessions idle past their auto-lock time and expired link codes, keeping live ones', async () => {
    const db = platform.platform.db;
    const idle = await TestWallet.create(platform.url);
    const linking = await TestWallet.create(platform.url);
    expect((await linking.call('POST', '/v1/wallet/link-codes', {})).status).toBe(201);
    const sessionsOf = (walletId: string) =>
      db.selectFrom('sessions').select('token_hash').where('wallet_id', '=', walletId).execute();
    // Twenty minutes on: past the default fifteen idle minutes, short of the session's twelve hours.
    await purgeExpired(db, new Date(Date.now() + 5 * 60_000));
    expect(await sessionsOf(idle.walletId)).toHaveLength(1);
    expect(await db.selectFrom('link_codes').selectAll().execute()).toHaveLength(1);
    await purgeExpired(db, new Date(Date.now() + 20 * 60_000));
    expect(await sessionsOf(idle.walletId)).toEqual([]);
    expect(await sessionsOf(linking.walletId)).toEqual([]);
    expect(await db.selectFrom('link_codes').selectAll().execute()).toEqual([]);
  });
});

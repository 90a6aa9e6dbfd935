import { sql } from 'kysely';
import type { DB } from './db/connect';
import { DAY_MS, HOUR_MS } from '../protocol/time';

/** How long an idempotent reply is kept (as Stripe does): a retry later than this is a new request. */
const IDEMPOTENCY_KEY_RETENTION_MS = 24 * HOUR_MS;
/**
 * How long a webhook event and its deliveries stay once no delivery is pending: the console and the
 * API show them, and a shop may resend one, for a month; then the outbox lets them go.
 */
export const WEBHOOK_EVENT_RETENTION_MS = 30 * DAY_MS;
/** Rows deleted per statement, and statements per run: a backlog drains over runs, never in one long lock. */
const PURGE_BATCH = 1_000;
const PURGE_BATCHES_PER_RUN = 10;

/** Idempotent replies older than the retention, oldest first, in bounded batches. */
async function purgeIdempotencyKeys(db: DB, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - IDEMPOTENCY_KEY_RETENTION_MS);
  let total = 0;
  for (let batch = 0; batch < PURGE_BATCHES_PER_RUN; batch++) {
    const { numDeletedRows } = await db
      .deleteFrom('idempotency_keys')
      .where(({ eb, refTuple, selectFrom }) =>
        eb(
          refTuple('scope', 'key'),
          'in',
          selectFrom('idempotency_keys')
            .select(['scope', 'key'])
            .where('created_at', '<', cutoff)
            .orderBy('created_at')
            .limit(PURGE_BATCH)
            .$asTuple('scope', 'key'),
        ),
      )
      .executeTakeFirst();
    total += Number(numDeletedRows);
    if (Number(numDeletedRows) < PURGE_BATCH) break;
  }
  return total;
}

/** Webhook events past the retention with no delivery pending, and their deliveries, in bounded batches. */
async function purgeWebhookEvents(db: DB, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - WEBHOOK_EVENT_RETENTION_MS);
  let total = 0;
  for (let batch = 0; batch < PURGE_BATCHES_PER_RUN; batch++) {
    // The deliveries go in the same statement: the events' foreign key is checked at its end.
    const { rows } = await sql<{ n: string }>`
      WITH old AS (
        SELECT e.id FROM webhook_events e
         WHERE e.created_at < ${cutoff}
           AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status = 'pending')
         ORDER BY e.created_at LIMIT ${PURGE_BATCH}
      ), deliveries AS (
        DELETE FROM webhook_deliveries d USING old WHERE d.event_id = old.id
      ), events AS (
        DELETE FROM webhook_events e USING old WHERE e.id = old.id RETURNING e.id
      )
      SELECT count(*) AS n FROM events`.execute(db);
    const deleted = Number(rows[0]!.n);
    total += deleted;
    if (deleted < PURGE_BATCH) break;
  }
  return total;
}

/**
 * Deletes rows that can no longer mean anything, so these tables stay the size of what is live:
 * expired or idle wallet sessions, console sessions, sign-in challenges and device link codes, rate-limit windows older than a day, and
 * used tag ids an hour past their tag's expiry (a replayed tag is refused as expired by then anyway),
 * console sign-in failures a day old, idempotent replies past their 24 hours, passkey challenges
 * past their time, and webhook events (with their deliveries) a month old that nothing still sends.
 */
export async function purgeExpired(db: DB, now: Date): Promise<number> {
  const deleted = await Promise.all([
    db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb('idle_until', '<=', now)]))
      .executeTakeFirst(),
    db.deleteFrom('link_codes').where('expires_at', '<=', now).executeTakeFirst(),
    db.deleteFrom('console_sessions').where('expires_at', '<=', now).executeTakeFirst(),
    db.deleteFrom('challenges').where('expires_at', '<=', now).executeTakeFirst(),
    db.deleteFrom('passkey_challenges').where('expires_at', '<=', now).executeTakeFirst(),
    db
      .deleteFrom('rate_limits')
      .where('window_start', '<', new Date(now.getTime() - 24 * HOUR_MS))
      .executeTakeFirst(),
    // A day after the last wrong password, an email's count starts again.
    db
      .deleteFrom('console_sign_in_failures')
      .where('next_try_at', '<', new Date(now.getTime() - 24 * HOUR_MS))
      .executeTakeFirst(),
    db
      .deleteFrom('used_tags')
      .where('expires_at', '<', new Date(now.getTime() - HOUR_MS))
      .executeTakeFirst(),
  ]);
  const replies = await purgeIdempotencyKeys(db, now);
  const events = await purgeWebhookEvents(db, now);
  return replies + events + deleted.reduce((sum, result) => sum + Number(result.numDeletedRows), 0);
}

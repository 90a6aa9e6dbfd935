import type { DB } from './db/connect';

const HOUR_MS = 3600 * 1000;

/**
 * Deletes rows that can no longer mean anything, so these tables stay the size of what is live:
 * expired or idle wallet sessions, console sessions, sign-in challenges and device link codes, rate-limit windows older than a day, and
 * used tag ids an hour past their tag's expiry (a replayed tag is refused as expired by then anyway).
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
    db
      .deleteFrom('rate_limits')
      .where('window_start', '<', new Date(now.getTime() - 24 * HOUR_MS))
      .executeTakeFirst(),
    db
      .deleteFrom('used_tags')
      .where('expires_at', '<', new Date(now.getTime() - HOUR_MS))
      .executeTakeFirst(),
  ]);
  return deleted.reduce((sum, result) => sum + Number(result.numDeletedRows), 0);
}

import { sql } from 'kysely';
import type { DB } from './db/connect';
import { rateLimited } from './refusals';
import { HOUR_MS } from '../protocol/time';

/**
 * Fixed-window counter in the database, so every process behind the load balancer counts together.
 * Throws 429 once `bucket` has been hit `limit` times in the current window (an hour unless said).
 */
export async function rateLimit(db: DB, bucket: string, limit: number, now: Date, windowMs = HOUR_MS): Promise<void> {
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const { hits } = await db
    .insertInto('rate_limits')
    .values({ bucket, window_start: windowStart, hits: 1 })
    .onConflict((oc) => oc.columns(['bucket', 'window_start']).doUpdateSet({ hits: sql`rate_limits.hits + 1` }))
    .returning('hits')
    .executeTakeFirstOrThrow();
  if (hits > limit) throw rateLimited(Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000));
}

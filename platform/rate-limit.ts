import { sql } from 'kysely';
import type { DB } from './db/connect';
import { ApiError } from './problem';

const HOUR_MS = 3600 * 1000;

/**
 * Fixed-window counter in the database, so every process behind the load balancer counts together.
 * Throws 429 once `bucket` has been hit `limit` times in the current hour.
 */
export async function rateLimit(db: DB, bucket: string, limit: number, now: Date): Promise<void> {
  const windowStart = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  const { hits } = await db
    .insertInto('rate_limits')
    .values({ bucket, window_start: windowStart, hits: 1 })
    .onConflict((oc) => oc.columns(['bucket', 'window_start']).doUpdateSet({ hits: sql`rate_limits.hits + 1` }))
    .returning('hits')
    .executeTakeFirstOrThrow();
  if (hits > limit) {
    const retryAfter = Math.ceil((windowStart.getTime() + HOUR_MS - now.getTime()) / 1000);
    throw new ApiError(429, 'rate_limited', `Too many requests; try again in ${retryAfter} s.`);
  }
}

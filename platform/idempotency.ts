import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { sql } from 'kysely';
import type { DB } from './db/connect';
import type { Tx } from './db/connect';
import { keyInUse, keyRequired, keyReused } from './refusals';

/**
 * Stripe-style idempotency: the first reply to a key is stored in the same database transaction as
 * the work it describes. The same key with the same body gets that reply again; with another body, 409.
 */
export function requireKey(header: string | undefined): string {
  if (!header || !/^[\x21-\x7e]{8,200}$/.test(header)) throw keyRequired();
  return header;
}

export interface Stored<T> {
  status: ContentfulStatusCode;
  body: T;
}

async function replay<T>(db: DB | Tx, scope: string, key: string, hash: string): Promise<Stored<T> | null> {
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status', 'response'])
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row) return null;
  if (row.request_hash !== hash) throw keyReused();
  return { status: row.status as ContentfulStatusCode, body: row.response as T };
}

/** Where a reply is kept: its key's scope, the key, and the hash of the request it answers. */
export interface ReplyKey {
  scope: string;
  key: string;
  hash: string;
}

/**
 * Stores the reply for a key as the last write of the work's transaction (record_reply in
 * platform/idempotency.sql, which a payment's statement calls too). A concurrent request with the same
 * key either trips over the work's own checks (the tag is used, the order paid) once this one commits,
 * or fails here on the key's unique index; `once` then answers it with this reply.
 */
export async function record<T>(tx: Tx, reply: ReplyKey, stored: Stored<T>): Promise<void> {
  const body = JSON.stringify(stored.body);
  await sql`SELECT record_reply(${reply.scope}, ${reply.key}, ${reply.hash}, ${stored.status}, ${body}::jsonb)`.execute(
    tx,
  );
}

export const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === '23505';

/**
 * Runs `work` once per key: replays a finished request, and turns a lost race into the winner's reply.
 * `replayFirst: false` skips the look-up before the work, for work whose own first checks refuse a
 * repeat before it changes anything (a payment: its tag is single-use); the refusal then turns into
 * the stored reply below, and the common case, a new key, saves a round trip.
 */
export async function once<T>(
  db: DB,
  scope: string,
  key: string,
  hash: string,
  work: () => Promise<Stored<T>>,
  options: { replayFirst?: boolean } = {},
): Promise<Stored<T> & { replayed: boolean }> {
  if (options.replayFirst !== false) {
    const earlier = await replay<T>(db, scope, key, hash);
    if (earlier) return { ...earlier, replayed: true };
  }
  try {
    return { ...(await work()), replayed: false };
  } catch (error) {
    // A request with this key may have finished meanwhile: then its work's own checks (tag already
    // used, order already paid) refuse this one, and the answer is that request's stored reply.
    const winner = await replay<T>(db, scope, key, hash);
    if (winner) return { ...winner, replayed: true };
    if (!isUniqueViolation(error)) throw error;
    throw keyInUse();
  }
}

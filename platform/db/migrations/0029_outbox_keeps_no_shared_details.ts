import { sql, type Kysely } from 'kysely';

/**
 * A payment's webhook no longer keeps a plain copy of what the shopper shared: each sending opens the
 * payment's sealed copy (and honours a revocation). Copies queued before this are taken out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`UPDATE webhook_events SET payload = payload - 'shared'
             WHERE type = 'payment.succeeded' AND payload ? 'shared'`.execute(db);
}

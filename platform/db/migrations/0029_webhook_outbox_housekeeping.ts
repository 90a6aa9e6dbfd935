import { sql, type Kysely } from 'kysely';

/**
 * The webhook outbox, kept small and private. A payment's webhook no longer keeps a plain copy of what
 * the shopper shared: each sending opens the payment's sealed copy (and honours a revocation), so
 * copies queued before this are taken out. Events are kept for a while, then purged (housekeeping):
 * indexes for finding the old ones and their deliveries.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`UPDATE webhook_events SET payload = payload - 'shared'
             WHERE type = 'payment.succeeded' AND payload ? 'shared'`.execute(db);
  await db.schema.createIndex('webhook_events_created').on('webhook_events').column('created_at').execute();
  await db.schema.createIndex('webhook_deliveries_event').on('webhook_deliveries').column('event_id').execute();
}

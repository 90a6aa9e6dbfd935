import type { Kysely } from 'kysely';

/** Housekeeping deletes replies past their 24 hours, oldest first (platform/housekeeping.ts). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('idempotency_keys_by_age').on('idempotency_keys').column('created_at').execute();
}

import type { Kysely } from 'kysely';

/** A shop lists its agreements newest first (the API and the console): an index for that order. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('agreements_merchant')
    .on('agreements')
    .columns(['merchant_id', 'created_at', 'id'])
    .execute();
}

import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // One request may charge a card more than once when an earlier attempt died: each attempt has its
  // own network key (`idempotency_key`, unique), all share the request's key.
  await db.schema.alterTable('card_charges').addColumn('request_key', 'text').execute();
  await sql`UPDATE card_charges SET request_key = idempotency_key`.execute(db);
  await db.schema
    .createIndex('card_charges_by_request')
    .on('card_charges')
    .columns(['request_key', 'created_at'])
    .execute();
}

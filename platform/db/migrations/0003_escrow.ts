import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Escrow payments hold the money in the merchant's escrow account until the buyer confirms,
  // the hold times out, or the merchant accepts the buyer's refund request.
  await db.schema.alterTable('payments').addColumn('escrow_state', 'text').execute();
  await db.schema.alterTable('payments').addColumn('release_after', 'timestamptz').execute();
  await db.schema.alterTable('payments').addColumn('refund_request_reason', 'text').execute();
  await db.schema
    .createIndex('payments_escrow_due')
    .on('payments')
    .columns(['escrow_state', 'release_after'])
    .execute();
}

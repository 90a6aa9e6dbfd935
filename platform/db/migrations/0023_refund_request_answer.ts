import type { Kysely } from 'kysely';

/**
 * The shop's answer to an escrow refund request it declined, in its own words, for the buyer to read in
 * the wallet. A new request clears it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('payments').addColumn('refund_decline_message', 'text').execute();
}

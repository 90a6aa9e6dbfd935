import type { Kysely } from 'kysely';

/**
 * An agreement charges what the shopper chose when accepting it: the Pouch balance (no card), or one
 * of their cards. A card removed later is not charged: the shop's charge is refused until the shopper
 * sets up the agreement again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('agreements')
    .addColumn('card_token', 'text', (c) => c.references('cards.token'))
    .execute();
}

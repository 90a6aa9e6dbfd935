import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('wallets')
    .addColumn('withdrawal_holder', 'text')
    .addColumn('withdrawal_last4', 'text')
    .execute();
}

import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('wallets')
    .addColumn('daily_free_total', 'bigint', (c) =>
      c
        .notNull()
        .defaultTo(100_000)
        .check(sql`daily_free_total >= 0`),
    )
    .execute();
  // Whether the PIN authorised a payment: the others count against the daily password-free total.
  await db.schema
    .alterTable('payments')
    .addColumn('pin_used', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema.createIndex('payments_by_wallet_day').on('payments').columns(['wallet_id', 'created_at']).execute();
}

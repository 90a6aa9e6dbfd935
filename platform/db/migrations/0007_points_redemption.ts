import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('points_programs')
    .addColumn('point_value', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`point_value >= 0`),
    )
    .execute();
  await db.schema
    .alterTable('payments')
    .addColumn('points_redeemed', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`points_redeemed >= 0`),
    )
    .execute();
  // Part of `discount`: what the spent points took off.
  await db.schema
    .alterTable('payments')
    .addColumn('points_discount', 'bigint', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`points_discount >= 0`),
    )
    .execute();
}

import { sql, type Kysely } from 'kysely';
import { MS_NOW } from '../migration-time';

export async function up(db: Kysely<unknown>): Promise<void> {
  // An order is paid once: while a payment for it stands (not fully refunded), no other may be recorded.
  await sql`CREATE UNIQUE INDEX payments_one_per_order ON payments (merchant_id, order_id)
            WHERE status <> 'refunded'`.execute(db);
  // Each origin a merchant claims, pending until the merchant proves it controls it.
  await db.schema
    .createTable('merchant_origins')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('pending', 'verified')`))
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('verified_at', 'timestamptz')
    .addColumn('checked_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
    .addPrimaryKeyConstraint('merchant_origins_pk', ['merchant_id', 'origin'])
    .execute();
  // An origin belongs to one merchant: at most one verified claim each.
  await sql`CREATE UNIQUE INDEX merchant_origins_one_owner ON merchant_origins (origin)
            WHERE status = 'verified'`.execute(db);
  // Origins registered before verification existed start pending, each with a fresh token.
  await sql`INSERT INTO merchant_origins (merchant_id, origin, status, token)
            SELECT m.id, o.origin, 'pending', md5(random()::text || clock_timestamp()::text || m.id || o.origin)
              FROM merchants m, jsonb_array_elements_text(m.origins) AS o(origin)
            ON CONFLICT DO NOTHING`.execute(db);
  await db.schema.alterTable('merchants').dropColumn('origins').execute();
}

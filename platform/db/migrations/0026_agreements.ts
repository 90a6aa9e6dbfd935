import { sql, type Kysely } from 'kysely';
import { MS_NOW } from '../migration-time';

/**
 * Password-free agreements: a shopper accepts once, with the PIN, that a shop may charge up to a cap
 * each period until an end date (a monthly membership); the shop then charges within it through its
 * API. Each charge is a payment that names its agreement, so refunds, payouts, history and receipts
 * treat it as any payment; the agreement's row is the lock a charge and a cancellation meet on.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('agreements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('wallet_id', 'text', (c) => c.notNull().references('wallets.id'))
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('cap', 'bigint', (c) => c.notNull().check(sql`cap > 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull().check(sql`period IN ('week', 'month', 'year')`))
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('tag_jti', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('cancelled_by', 'text', (c) => c.check(sql`cancelled_by IN ('shopper', 'shop')`))
    // One agreement per tag: accepting the same tag again finds the first.
    .addUniqueConstraint('agreements_one_per_tag', ['merchant_id', 'tag_jti'])
    .execute();
  await db.schema.createIndex('agreements_wallet').on('agreements').columns(['wallet_id', 'created_at']).execute();
  await db.schema
    .alterTable('payments')
    .addColumn('agreement_id', 'text', (c) => c.references('agreements.id'))
    .execute();
  await sql`CREATE INDEX payments_agreement ON payments (agreement_id, created_at) WHERE agreement_id IS NOT NULL`.execute(
    db,
  );
}

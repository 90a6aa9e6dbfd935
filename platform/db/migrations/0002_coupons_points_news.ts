import { sql, type Kysely } from 'kysely';
import { MS_NOW } from '../migration-time';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('coupon_campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull().check(sql`value > 0`))
    .addColumn('cap', 'bigint')
    .addColumn('min_spend', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'timestamptz', (c) => c.notNull())
    .addColumn('valid_until', 'timestamptz', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('claimed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('per_user_limit', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
    .addCheckConstraint('coupon_campaigns_quantity', sql`claimed >= 0 AND claimed <= quantity`)
    .execute();
  await db.schema
    .createTable('wallet_coupons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('coupon_campaigns.id'))
    .addColumn('wallet_id', 'text', (c) => c.notNull().references('wallets.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('used_payment_id', 'text')
    .addColumn('claimed_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
    .execute();
  await db.schema
    .createIndex('wallet_coupons_wallet')
    .on('wallet_coupons')
    .columns(['wallet_id', 'campaign_id'])
    .execute();
  await db.schema
    .createTable('points_programs')
    .addColumn('merchant_id', 'text', (c) => c.primaryKey().references('merchants.id'))
    .addColumn('points_per_unit', 'integer', (c) => c.notNull().check(sql`points_per_unit >= 0`))
    .execute();
  await db.schema
    .createTable('wallet_points')
    .addColumn('wallet_id', 'text', (c) => c.notNull().references('wallets.id'))
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('balance', 'bigint', (c) => c.notNull().check(sql`balance >= 0`))
    .addPrimaryKeyConstraint('wallet_points_pk', ['wallet_id', 'merchant_id'])
    .execute();
  // What the shopper paid after a coupon; refunds give back at most this.
  await db.schema
    .alterTable('payments')
    .addColumn('discount', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('payments').addColumn('coupon_id', 'text').execute();
  await db.schema
    .alterTable('payments')
    .addColumn('points_earned', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`ALTER TABLE payments DROP CONSTRAINT payments_refund_within_amount`.execute(db);
  await sql`ALTER TABLE payments ADD CONSTRAINT payments_refund_within_charge
    CHECK (discount >= 0 AND discount < amount AND refunded_amount >= 0 AND refunded_amount <= amount - discount)`.execute(
    db,
  );

  await db.schema
    .createTable('subscriptions')
    .addColumn('wallet_id', 'text', (c) => c.notNull().references('wallets.id'))
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('since', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
    .addPrimaryKeyConstraint('subscriptions_pk', ['wallet_id', 'merchant_id'])
    .execute();
  await db.schema
    .createTable('merchant_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
    .execute();
  await db.schema
    .createIndex('merchant_messages_merchant')
    .on('merchant_messages')
    .columns(['merchant_id', 'created_at'])
    .execute();
}

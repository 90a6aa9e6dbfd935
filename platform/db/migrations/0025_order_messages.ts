import { sql, type Kysely } from 'kysely';
import { MS_NOW } from '../migration-time';

/**
 * A shopper and a shop talking about one order: the shopper writes from the payment in the wallet, the
 * shop answers in the console or through its API. Each line belongs to one payment, so each side reads
 * only the conversations of its own payments. The shop's lines reach the wallet's messages.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('order_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('payment_id', 'text', (c) => c.notNull().references('payments.id'))
    // The payment's shop, kept beside it so the console finds its open conversations by index.
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('author', 'text', (c) => c.notNull().check(sql`author IN ('shopper', 'shop')`))
    .addColumn('text', 'text', (c) => c.notNull().check(sql`length(text) BETWEEN 1 AND 1000`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
    .execute();
  await db.schema
    .createIndex('order_messages_payment')
    .on('order_messages')
    .columns(['payment_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('order_messages_merchant')
    .on('order_messages')
    .columns(['merchant_id', 'created_at'])
    .execute();
}

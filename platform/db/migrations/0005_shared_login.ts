import type { Kysely } from 'kysely';
import { MS_NOW } from '../migration-time';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('connections')
    .addColumn('wallet_id', 'text', (c) => c.notNull().references('wallets.id'))
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('connected_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
    .addColumn('last_login_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
    .addPrimaryKeyConstraint('connections_pk', ['wallet_id', 'merchant_id'])
    .execute();
}

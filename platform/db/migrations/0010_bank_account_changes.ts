import type { Kysely } from 'kysely';
import { MS_NOW } from '../migration-time';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Payouts wait a day after the account they go to changes: time for the owner to notice.
  await db.schema.alterTable('bank_accounts').addColumn('changed_at', 'timestamptz').execute();
  // A change asked for over the API, waiting for its confirmation.
  await db.schema
    .createTable('bank_account_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('last4', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
    .execute();
}

import { sql, type Kysely } from 'kysely';
import { MS_NOW } from '../migration-time';

/**
 * What a shop asks at checkout besides money: the wallet's delivery addresses and contact email, each
 * sealed like the other secrets (bound to its row). A payment the shopper chose to share them with
 * keeps its own sealed copy of what was shared, so the shop reads what it was given, not later edits;
 * a shopper who revokes a shop stops it reading those copies through Pouch.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('wallet_addresses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('wallet_id', 'text', (c) => c.notNull().references('wallets.id'))
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
    .execute();
  await db.schema.createIndex('wallet_addresses_wallet').on('wallet_addresses').column('wallet_id').execute();
  await db.schema.alterTable('wallets').addColumn('contact_sealed', 'text').execute();
  await db.schema.alterTable('payments').addColumn('shared_sealed', 'text').execute();
  await db.schema
    .createTable('share_revocations')
    .addColumn('wallet_id', 'text', (c) => c.notNull().references('wallets.id'))
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('revoked_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
    .addPrimaryKeyConstraint('share_revocations_pk', ['wallet_id', 'merchant_id'])
    .execute();
  // A sign-in that shared details in its ID token: what kinds, to which shop (the details went in the token).
  await db.schema
    .createTable('login_shares')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('wallet_id', 'text', (c) => c.notNull().references('wallets.id'))
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('kinds', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
    .execute();
  await db.schema.createIndex('login_shares_wallet').on('login_shares').column('wallet_id').execute();
  await sql`CREATE INDEX payments_shared ON payments (wallet_id, merchant_id) WHERE shared_sealed IS NOT NULL`.execute(
    db,
  );
}

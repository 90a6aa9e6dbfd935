import { sql, type Kysely } from 'kysely';
import { MS_NOW } from '../migration-time';

export async function up(db: Kysely<unknown>): Promise<void> {
  // A wallet may live in several browsers: each holds its own device key, named, revocable.
  await db.schema
    .createTable('devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('wallet_id', 'text', (c) => c.notNull().references('wallets.id'))
    .addColumn('public_jwk', 'jsonb', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('auto_lock_minutes', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(15)
        .check(sql`auto_lock_minutes IN (1, 5, 15, 60)`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
    .addColumn('last_used_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('devices_by_wallet').on('devices').column('wallet_id').execute();
  await sql`INSERT INTO devices (id, wallet_id, public_jwk, name, created_at, last_used_at)
    SELECT 'dev_' || id, id, device_jwk, 'First browser', created_at, created_at FROM wallets`.execute(db);
  await db.schema.alterTable('wallets').dropColumn('device_jwk').execute();
  // The recovery code: its first part finds the wallet, the rest is kept only as a slow hash.
  await db.schema
    .alterTable('wallets')
    .addColumn('recovery_lookup', 'text', (c) => c.unique())
    .addColumn('recovery_hash', 'text')
    .execute();
  // A session belongs to one device and ends when it sits idle (the device's auto-lock time).
  await db.schema
    .alterTable('sessions')
    .addColumn('device_id', 'text', (c) => c.references('devices.id'))
    .addColumn('idle_until', 'timestamptz')
    .execute();
  await sql`UPDATE sessions SET device_id = 'dev_' || wallet_id, idle_until = expires_at`.execute(db);
  await sql`ALTER TABLE sessions ALTER COLUMN device_id SET NOT NULL, ALTER COLUMN idle_until SET NOT NULL`.execute(db);
  await db.schema.createIndex('sessions_by_device').on('sessions').column('device_id').execute();
  // A removed card stays for the payments and top-ups that name it; it is no longer shown or usable.
  await db.schema.alterTable('cards').addColumn('removed_at', 'timestamptz').execute();
  // One-time codes that let a device at hand add another; only their hash is kept.
  await db.schema
    .createTable('link_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('wallet_id', 'text', (c) => c.notNull().references('wallets.id'))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

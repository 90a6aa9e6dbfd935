import type { Kysely } from 'kysely';
import { MS_NOW } from '../migration-time';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('console_logins')
    .addColumn('email', 'text', (c) => c.primaryKey())
    .addColumn('merchant_id', 'text', (c) => c.notNull().unique().references('merchants.id'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
    .execute();
  await db.schema
    .createTable('console_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

import type { Kysely } from 'kysely';
import { MS_NOW } from '../migration-time';

export async function up(db: Kysely<unknown>): Promise<void> {
  // A rotated-out signing key stays published until what it signed has expired.
  await db.schema.alterTable('signing_keys').addColumn('retired_at', 'timestamptz').execute();
  // Secrets of the platform's own (the pairwise-subject key), sealed like every other secret.
  await db.schema
    .createTable('platform_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(MS_NOW))
    .execute();
  // Rotation: the previous API key and webhook secret keep working for a grace period.
  await db.schema
    .alterTable('merchants')
    .addColumn('previous_api_key_hash', 'text')
    .addColumn('previous_api_key_until', 'timestamptz')
    .addColumn('previous_webhook_secret', 'text')
    .addColumn('previous_webhook_secret_until', 'timestamptz')
    .execute();
}

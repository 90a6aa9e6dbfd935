import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // When this session last proved the PIN: a step-up within minutes of it needs no second entry.
  await db.schema.alterTable('sessions').addColumn('pin_verified_at', 'timestamptz').execute();
}

import type { Kysely } from 'kysely';

/**
 * Wrong console passwords per typed email (platform/console/sign-in-guard.ts), and on each session how
 * many came before it, which the console shows its owner.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('console_sign_in_failures')
    .addColumn('email', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('next_try_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .alterTable('console_sessions')
    .addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

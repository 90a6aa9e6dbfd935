import { sql, type Kysely } from 'kysely';

/** Which repeatable migration (a `.sql` file of functions, platform/db/repeatable.ts) ran with what content. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('repeatable_migrations')
    .addColumn('file', 'text', (c) => c.primaryKey())
    .addColumn('checksum', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

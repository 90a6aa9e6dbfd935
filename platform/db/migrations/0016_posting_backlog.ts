import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Postings to a shared account not yet added to its balance row (see platform/ledger/ledger.ts).
  await db.schema
    .createTable('posting_backlog')
    .addColumn('posting_id', 'bigint', (c) => c.primaryKey().references('postings.id'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('posting_backlog_by_account').on('posting_backlog').column('account_id').execute();
}

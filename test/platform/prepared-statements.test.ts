import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../platform/db/connect';
import { createDatabase, postgresAdminUrl } from '../support/postgres';

/** PostgreSQL only: PGlite's one connection is in-process, with nothing to prepare. */
describe('prepared statements on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createDatabase>>;
  let db: DB;

  beforeAll(async () => {
    database = await createDatabase(postgresAdminUrl());
    db = await openDatabase({ databaseUrl: database.url });
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('prepares a statement sent again and again, which keeps working after another connection adds a column', async () => {
    await db.connection().execute(async (connection) => {
      const preparedOnThisConnection = async () =>
        (await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(connection)).rows.map(
          (row) => row.statement,
        );
      const names = () => connection.selectFrom('merchants').select(['id', 'name']).where('id', '=', 'm_x').execute();
      const rows = () => connection.selectFrom('merchants').selectAll().where('id', '=', 'm_x').execute();
      for (let i = 0; i < 4; i++) await Promise.all([names(), rows()]);
      const prepared = await preparedOnThisConnection();
      expect(prepared.filter((text) => text.includes('from "merchants"'))).toEqual([
        'select "id", "name" from "merchants" where "id" = $1',
      ]);

      // Another process migrating during a rolling deploy: a prepared `select *` would now fail.
      await sql`ALTER TABLE merchants ADD COLUMN added_by_a_later_migration text`.execute(db);
      expect(await names()).toEqual([]);
      expect(await rows()).toEqual([]);
    });
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../platform/db/connect';
import { createDatabase, postgresAdminUrl } from '../support/postgres';

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

describe('prepared statements on PGlite', () => {
  let db: DB;

  beforeAll(async () => {
    db = await openDatabase({ dataDir: 'memory://' });
  });
  afterAll(() => db?.destroy());

  it('prepares a statement sent again and again, with the answers and errors PGlite gives unprepared', async () => {
    const prepared = async () =>
      (await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(db)).rows.map(
        (row) => row.statement,
      );
    await sql`INSERT INTO repeatable_migrations (file, checksum) VALUES ('x.sql', 'c')`.execute(db);
    const read = (file: string) =>
      db
        .selectFrom('repeatable_migrations')
        .select(['file', 'checksum', 'applied_at'])
        .where('file', '=', file)
        .execute();
    const first = await read('x.sql');
    for (let i = 0; i < 4; i++) expect(await read('x.sql')).toEqual(first);
    expect(first).toEqual([{ file: 'x.sql', checksum: 'c', applied_at: expect.any(Date) }]);
    expect(await prepared()).toContain(
      'select "file", "checksum", "applied_at" from "repeatable_migrations" where "file" = $1',
    );
    expect(await read('y.sql')).toEqual([]);

    // A prepared statement's error is the database's, as the platform reads it (a unique violation here).
    const insert = (file: string) =>
      db.insertInto('repeatable_migrations').values({ file, checksum: 'c' }).returning('file').execute();
    for (const file of ['a', 'b', 'c']) await insert(file);
    await expect(insert('a')).rejects.toMatchObject({ code: '23505' });
    expect(await insert('d')).toEqual([{ file: 'd' }]);
  });
});

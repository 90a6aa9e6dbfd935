import { sql, Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, migrate, openDatabase, type DB } from '../../platform/db/connect';
import { versionedMigrations } from '../../platform/db/migration-files';
import { applyRepeatable, REPEATABLE_SQL } from '../../platform/db/repeatable';
import { BACKENDS, freshPostgres, type Backend } from '../support/platform';
import { columnShape, declaredSchema } from '../support/schema-declared';

/** An empty database of the backend, not migrated; `drop` ends it. */
async function emptyDatabase(backend: Backend): Promise<{ db: DB; url?: string; drop(): Promise<void> }> {
  if (backend === 'pglite') {
    const db = connectDatabase({ dataDir: 'memory://' });
    return { db, drop: () => db.destroy() };
  }
  const database = await freshPostgres();
  const db = connectDatabase({ databaseUrl: database.url });
  return {
    db,
    url: database.url,
    async drop() {
      await db.destroy();
      await database.drop();
    },
  };
}

describe.each(BACKENDS)('the database schema on %s', (backend) => {
  let database: Awaited<ReturnType<typeof emptyDatabase>>;
  beforeAll(async () => {
    database = await emptyDatabase(backend);
  });
  afterAll(() => database?.drop());

  it('upgrades a database holding data in older shapes: before devices (0015), before transfer digits (0022)', async () => {
    const { db } = database;
    const migrator = new Migrator({ db, provider: versionedMigrations });
    const { error } = await migrator.migrateTo('0014_withdrawals');
    expect(error).toBeUndefined();
    const jwk = { kty: 'EC', crv: 'P-256', x: 'x-coordinate', y: 'y-coordinate' };
    await sql`INSERT INTO wallets (id, device_jwk, pin_hash, password_free_limit, limit_currency, created_at)
              VALUES ('w_old', ${JSON.stringify(jwk)}::jsonb, 'hash', 20000, 'CNY', '2026-01-02T03:04:05Z')`.execute(
      db,
    );
    await sql`INSERT INTO sessions (token_hash, wallet_id, expires_at)
              VALUES ('session-hash', 'w_old', '2026-01-03T00:00:00Z')`.execute(db);

    // Before 0022, a top-up's or withdrawal's card and bank digits were only in its title.
    expect((await migrator.migrateTo('0021_repeatable_migrations')).error).toBeUndefined();
    for (const [id, kind, title] of [
      ['tr_topup', 'topup', 'Top-up from •••• 0005'],
      ['tr_out', 'withdrawal', 'Withdrawal to bank •••• 0123'],
      ['tr_pay', 'payment', 'Tea Shop · Oolong •••• 9999'],
    ])
      await sql`INSERT INTO transfers (id, kind, wallet_id, title, amount, currency)
                VALUES (${id}, ${kind}, 'w_old', ${title}, 100, 'CNY')`.execute(db);

    await migrate(db);

    const transfers = await db.selectFrom('transfers').select(['id', 'counterparty_last4']).orderBy('id').execute();
    expect(transfers).toEqual([
      { id: 'tr_out', counterparty_last4: '0123' },
      { id: 'tr_pay', counterparty_last4: null },
      { id: 'tr_topup', counterparty_last4: '0005' },
    ]);
    const devices = await db.selectFrom('devices').selectAll().execute();
    expect(devices).toEqual([
      expect.objectContaining({
        id: 'dev_w_old',
        wallet_id: 'w_old',
        public_jwk: jwk,
        name: 'First browser',
        auto_lock_minutes: 15,
        created_at: new Date('2026-01-02T03:04:05Z'),
        revoked_at: null,
      }),
    ]);
    expect(await db.selectFrom('sessions').selectAll().execute()).toEqual([
      expect.objectContaining({
        token_hash: 'session-hash',
        device_id: 'dev_w_old',
        idle_until: new Date('2026-01-03T00:00:00Z'),
      }),
    ]);
  });

  it('has exactly the tables and columns platform/db/schema.ts declares', async () => {
    const { rows } = await sql<{
      table_name: string;
      column_name: string;
      data_type: string;
      is_nullable: string;
      column_default: string | null;
    }>`SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name NOT LIKE 'kysely_%'`.execute(database.db);
    const actual = new Map<string, Map<string, ReturnType<typeof columnShape>>>();
    for (const row of rows)
      actual.set(row.table_name, (actual.get(row.table_name) ?? new Map()).set(row.column_name, columnShape(row)));
    const declared = declaredSchema();
    // Every difference at once, in words: `table.column: declared … but the database has …`.
    const differences: string[] = [];
    for (const table of new Set([...actual.keys(), ...declared.keys()])) {
      const [inDb, inTs] = [actual.get(table) ?? new Map(), declared.get(table) ?? new Map()];
      for (const column of new Set([...inDb.keys(), ...inTs.keys()])) {
        const [db, ts] = [JSON.stringify(inDb.get(column)), JSON.stringify(inTs.get(column))];
        if (db !== ts) differences.push(`${table}.${column}: schema.ts declares ${ts} but the database has ${db}`);
      }
    }
    expect(differences).toEqual([]);
  });

  it('applies a repeatable migration again only when its file changed', async () => {
    const { db } = database;
    expect(await applyRepeatable(db)).toEqual([]);
    await db
      .updateTable('repeatable_migrations')
      .set({ checksum: 'the file as an earlier release had it' })
      .where('file', '=', 'payments/pay-checkout.sql')
      .execute();
    expect(await applyRepeatable(db)).toEqual(['payments/pay-checkout.sql']);
    expect(await applyRepeatable(db)).toEqual([]);
    const applied = await db.selectFrom('repeatable_migrations').select('file').orderBy('file').execute();
    expect(applied.map((row) => row.file)).toEqual([...REPEATABLE_SQL].sort());
  });

  it.runIf(backend === 'postgres')('lets platform processes that start together apply each change once', async () => {
    await database.db.deleteFrom('repeatable_migrations').execute();
    const starting = await Promise.all(Array.from({ length: 4 }, () => openDatabase({ databaseUrl: database.url })));
    try {
      // All four started (concurrent CREATE OR REPLACE of one function fails without the lock), and one
      // of them applied every file, in one transaction: one time for all.
      const rows = await database.db.selectFrom('repeatable_migrations').select(['file', 'applied_at']).execute();
      expect(rows).toHaveLength(REPEATABLE_SQL.length);
      expect(new Set(rows.map((row) => row.applied_at.getTime())).size).toBe(1);
      expect(await Promise.all(starting.map((db) => applyRepeatable(db)))).toEqual(starting.map(() => []));
    } finally {
      await Promise.all(starting.map((db) => db.destroy()));
    }
  });
});

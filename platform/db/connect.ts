import { Kysely, Migrator, PostgresDialect, type Transaction } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { versionedMigrations } from './migration-files';
import { preparingClient, StatementNames } from './prepared-statements';
import { PreparingPGlite } from './preparing-pglite';
import { applyRepeatable } from './repeatable';
import type { Database } from './schema';

export type DB = Kysely<Database>;
/** A transaction on it: what functions that write in their caller's transaction take. */
export type Tx = Transaction<Database>;

const INT8_OID = 20;
/** bigint columns as numbers, as PGlite gives them: money stays an exact integer below 2^53. */
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

interface DatabaseOptions {
  /** postgres://… for a PostgreSQL server; otherwise PGlite is embedded. */
  databaseUrl?: string;
  /** PGlite's data folder; `memory://` keeps it in memory. */
  dataDir?: string;
}

/**
 * A PostgreSQL pool that outlives connections the server drops (a restart, an administrator's kill):
 * the query in flight fails, the broken connection leaves the pool, the next query opens a new one.
 * node-postgres throws a connection error nobody listens for, which would end the process; so both the
 * pool (idle connections) and every connection (while checked out) get a listener.
 */
function postgresPool(connectionString: string): pg.Pool {
  const Client = preparingClient(new StatementNames());
  const pool = new pg.Pool({ connectionString, max: 20, types: pgTypes, Client });
  const report = (error: Error) => console.error('[platform] a PostgreSQL connection closed:', error.message);
  pool.on('error', report);
  pool.on('connect', (client) => client.on('error', report));
  return pool;
}

/** A connection to the database the options name, its schema as it is (see `openDatabase`). */
export function connectDatabase(options: DatabaseOptions): DB {
  return options.databaseUrl
    ? new Kysely<Database>({ dialect: new PostgresDialect({ pool: postgresPool(options.databaseUrl) }) })
    : new Kysely<Database>({ dialect: new PGliteDialect(new PreparingPGlite(options.dataDir ?? 'memory://')) });
}

/** Brings a database to the latest versioned migrations, then applies the changed repeatable ones. */
export async function migrate(db: DB): Promise<void> {
  const { error, results } = await new Migrator({ db, provider: versionedMigrations }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  try {
    await applyRepeatable(db);
  } catch (error) {
    throw new Error(`Database functions could not be applied: ${String(error)}`, { cause: error });
  }
}

/** Opens the database the options name and brings its schema and functions to the latest migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<DB> {
  const db = connectDatabase(options);
  try {
    await migrate(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import pg from 'pg';

/**
 * The admin URL of the test PostgreSQL server: POUCH_TEST_POSTGRES_URL, or the loopback server that
 * scripts/postgres.sh installs (as root) and starts.
 */
export function postgresAdminUrl(): string {
  if (process.env.POUCH_TEST_POSTGRES_URL) return process.env.POUCH_TEST_POSTGRES_URL;
  try {
    return execFileSync(resolve(import.meta.dirname, '../../scripts/postgres.sh'), {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }).trim();
  } catch (error) {
    throw new Error(
      'No PostgreSQL for the platform tests: set POUCH_TEST_POSTGRES_URL or run as root so scripts/postgres.sh can install it.',
      { cause: error },
    );
  }
}

async function adminQuery(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client(adminUrl);
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Drops a test database. FORCE ends the platform's sessions, but not a server worker of another role
 * (autovacuum) that happens to be in it: that refusal passes in a moment, so it is tried again.
 */
async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } catch (error) {
      if (attempt >= 20 || !/pg_signal_backend/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** A new, empty database on the server; `drop` removes it. */
export async function createDatabase(
  adminUrl: string,
  prefix = 'pouch_test',
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => dropDatabase(adminUrl, name) };
}

/**
 * Starts the test server's streaming replica (scripts/replica.sh makes and starts it, as root, on first
 * use) and says where a database of the primary is on it, once the replica has replayed the primary's
 * WAL up to now (a database just made is not on the replica before that). Call it before making the
 * database: the script grants the tests' role the replay controls in template1, which a database copies
 * when made.
 */
export function startReplica(): (databaseUrl: string) => Promise<string> {
  const port = execFileSync(resolve(import.meta.dirname, '../../scripts/replica.sh'), {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  return async (databaseUrl) => {
    const url = new URL(databaseUrl);
    url.port = port;
    await replayedUpToNow(databaseUrl, port);
    return url.toString();
  };
}

async function replayedUpToNow(primaryUrl: string, replicaPort: string): Promise<void> {
  const primary = new pg.Client({ connectionString: primaryUrl });
  await primary.connect();
  const { lsn } = (await primary.query('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0];
  await primary.end();
  const replicaAdmin = new URL(primaryUrl);
  replicaAdmin.port = replicaPort;
  replicaAdmin.pathname = '/postgres';
  const replica = new pg.Client({ connectionString: replicaAdmin.toString() });
  await replica.connect();
  try {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      const { behind } = (
        await replica.query('SELECT pg_wal_lsn_diff($1, pg_last_wal_replay_lsn()) > 0 AS behind', [lsn])
      ).rows[0];
      if (!behind) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`the replica on port ${replicaPort} did not replay up to ${lsn} in 30 s`);
  } finally {
    await replica.end();
  }
}

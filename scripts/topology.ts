/**
 * `npm run topology`: Pouch past one process on this machine, with Debian's own parts — two platform
 * processes behind HAProxy (one address), reaching PostgreSQL through PgBouncer (session mode), and a
 * streaming replica serving the partner directory and offers. As root: PostgreSQL and its replica are
 * installed and started as the tests have them (scripts/postgres.sh, scripts/replica.sh), and keep
 * running after Ctrl+C, which stops the rest. The database is `pouch_topology`; its secrets are sealed
 * under POUCH_SECRET_KEY, or a key kept in .pouch/topology-secret-key.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { spawnPlatformProcess } from './platform-process';
import { startTopology } from './topology/topology';

const DATABASE = 'pouch_topology';
const KEY_FILE = '.pouch/topology-secret-key';

const script = (name: string) =>
  execFileSync(resolve(import.meta.dirname, name), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();

function secretKey(): string {
  if (process.env.POUCH_SECRET_KEY) return process.env.POUCH_SECRET_KEY;
  if (!existsSync(KEY_FILE)) {
    mkdirSync('.pouch', { recursive: true });
    writeFileSync(KEY_FILE, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(KEY_FILE, 'utf8').trim();
}

const admin = new URL(script('postgres.sh'));
const replicaPort = script('replica.sh');
const client = new pg.Client({ connectionString: admin.toString() });
await client.connect();
if ((await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE])).rowCount === 0)
  await client.query(`CREATE DATABASE ${DATABASE}`);
await client.end();

const primary = new URL(admin);
primary.pathname = `/${DATABASE}`;
const replica = new URL(primary);
replica.port = replicaPort;
const key = secretKey();
const topology = await startTopology({
  primaryUrl: primary.toString(),
  replicaUrl: replica.toString(),
  processes: 2,
  spawn: (env, port) => spawnPlatformProcess({ ...env, POUCH_SECRET_KEY: key }, port),
});
console.log(`Pouch at ${topology.url}: ${topology.platforms.map((p) => p.url).join(' and ')} behind HAProxy,
PostgreSQL ${DATABASE} through PgBouncer, the directory and offers from the replica on port ${replicaPort}.
Ctrl+C stops the platforms, HAProxy and PgBouncer.`);
const stop = () => void topology.stop().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

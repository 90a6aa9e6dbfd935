/**
 * Platform throughput: payments per second and latency at 1, 16 and 64 concurrent wallets paying one
 * merchant (its pending account is the hot row), and 64 wallets paying 64 merchants, on PGlite and on
 * PostgreSQL, each against a platform process of its own on loopback. Beside the PostgreSQL rows,
 * pgbench's TPC-B on the same server at as many clients, measured first in the same run. Tags are
 * signed before the clock starts, and each row says where the machine's CPU went.
 * `npm run bench:platform`.
 */
import { mkdtempSync } from 'node:fs';
import pg from 'pg';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTopology } from '../scripts/topology/topology';
import { freePort, spawnPlatform, type PlatformProcess } from '../test/support/platform-process';
import { createDatabase, postgresAdminUrl, startReplica } from '../test/support/postgres';
import { webhookReceiver } from '../test/support/webhook-receiver';
import { signUpMerchant, TestWallet, type TestMerchant } from '../test/support/wallet-client';
import { cpuNow, cpuShares, machineSeconds, msPer } from './cpu';
import { pgbenchInit, pgbenchTps } from './pgbench';
import { ms, percentile, printTable } from './stats';

const SECONDS_PER_ROW = 4;
/** Tags signed ahead per row: more than the platform can pay in the row's seconds. */
const TAGS_PER_ROW = 8000;
const ROWS = [
  { wallets: 1, merchants: 1, processes: 1 },
  { wallets: 16, merchants: 1, processes: 1 },
  { wallets: 64, merchants: 1, processes: 1 },
  { wallets: 64, merchants: 64, processes: 1 },
  // Both cores' worth of platform: two processes on one PostgreSQL, the wallets split between them.
  { wallets: 64, merchants: 1, processes: 2 },
];

async function measure(servers: PlatformProcess[], row: (typeof ROWS)[number], webhookUrl: string) {
  const baseUrl = servers[0]!.url;
  const pids = servers.map((server) => server.child.pid!);
  const merchants: TestMerchant[] = [];
  for (let m = 0; m < row.merchants; m++)
    merchants.push(await signUpMerchant(baseUrl, { name: `Bench ${row.wallets}/${m}`, webhookUrl }));
  const wallets = await Promise.all(
    Array.from({ length: row.wallets }, async (_, i) => {
      const wallet = await TestWallet.create(servers[i % servers.length]!.url);
      await wallet.topUp(await wallet.addCard(), 10_000_000);
      return wallet;
    }),
  );
  const tags = await Promise.all(
    Array.from({ length: row.wallets === 1 ? TAGS_PER_ROW / 4 : TAGS_PER_ROW }, (_, i) =>
      merchants[i % merchants.length]!.tag({ amount: 100 }),
    ),
  );
  const latencies: number[] = [];
  let failures = 0;
  const deadline = Date.now() + SECONDS_PER_ROW * 1000;
  const cpuBefore = cpuNow(pids);
  const started = performance.now();
  await Promise.all(
    wallets.map(async (wallet) => {
      for (let tag = tags.pop(); tag && Date.now() < deadline; tag = tags.pop()) {
        const t0 = performance.now();
        const result = await wallet.pay(tag);
        latencies.push(performance.now() - t0);
        if (result.status !== 201) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = cpuNow(pids);
  return {
    payments: latencies.length,
    failures,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpu: cpuShares(cpuBefore, cpuAfter, seconds, availableParallelism()),
    databaseMs: msPer('database', cpuBefore, cpuAfter, latencies.length),
    platformMs: msPer('platform', cpuBefore, cpuAfter, latencies.length),
    machineMs: msPer('machine', cpuBefore, cpuAfter, latencies.length),
    ranOut: tags.length === 0,
    merchantIds: merchants.map((merchant) => merchant.merchantId),
  };
}

/**
 * The floor under any payment: 64 clients asking the platform's /healthz (HTTP in and out, and one
 * trivial query) for as long as a row lasts. What one such request costs the machine bounds what a
 * payment, several queries and two signatures more, can cost.
 */
async function measureFloor(server: PlatformProcess) {
  const deadline = Date.now() + SECONDS_PER_ROW * 1000;
  const cpuBefore = cpuNow([server.child.pid!]);
  const started = performance.now();
  let requests = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (Date.now() < deadline) {
        if (!(await fetch(`${server.url}/healthz`)).ok) throw new Error('/healthz failed');
        requests++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = cpuNow([server.child.pid!]);
  return {
    'requests/s': (requests / seconds).toFixed(0),
    'CPU per request (db)': `${msPer('machine', cpuBefore, cpuAfter, requests).toFixed(2)} ms (${msPer('database', cpuBefore, cpuAfter, requests).toFixed(2)} ms)`,
    'platform CPU per request': `${msPer('platform', cpuBefore, cpuAfter, requests).toFixed(2)} ms`,
    'client CPU per request': `${msPer('client', cpuBefore, cpuAfter, requests).toFixed(2)} ms`,
  };
}

/** How many payments each transaction wrote, on average (rows one transaction wrote share its xmin). */
async function paymentsPerTransaction(databaseUrl: string, merchantIds: string[]): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ ratio: number }>(
      'SELECT count(*)::float8 / count(DISTINCT xmin::text) AS ratio FROM payments WHERE merchant_id = ANY($1)',
      [merchantIds],
    );
    return rows[0]!.ratio;
  } finally {
    await client.end();
  }
}

const rows: Record<string, string | number>[] = [];
/** pgbench's TPC-B per number of clients: transactions per second, and the machine's CPU per transaction. */
const ceiling: Record<number, { tps: number; machineMs: number }> = {};
const postgres = await createDatabase(postgresAdminUrl(), 'pouch_bench');
// PostgreSQL's own figure first, on the same server, in the same run: the platform's target is a share of it.
const tpcb = await createDatabase(postgresAdminUrl(), 'pouch_pgbench');
try {
  await pgbenchInit(tpcb.url);
  for (const clients of new Set(ROWS.map((r) => r.wallets))) {
    const before = machineSeconds();
    const tps = await pgbenchTps(tpcb.url, clients, SECONDS_PER_ROW);
    ceiling[clients] = { tps, machineMs: (1000 * (machineSeconds() - before)) / (tps * SECONDS_PER_ROW) };
  }
} finally {
  await tpcb.drop();
}
// A merchant that answers its webhooks, as a live shop does: deliveries are part of a payment's cost.
const receiver = await webhookReceiver();
// The per-wallet limits guard real wallets; the benchmark's wallets pay as fast as they can.
const limits = {
  POUCH_WALLETS_PER_HOUR: '100000',
  POUCH_SIGNUPS_PER_HOUR: '1000',
  POUCH_PAYMENTS_PER_MINUTE: '1000000',
};
const TOPOLOGY = 'PostgreSQL · HAProxy, PgBouncer, replica';
let floor: Record<string, string> | undefined;

/**
 * Each of `selected` rows measured on `backend` and recorded, with the processes it asks for (`more`
 * starts another where a row wants more than `servers` has); every process stopped at the end.
 */
async function measureRows(
  backend: string,
  selected: typeof ROWS,
  servers: PlatformProcess[],
  more?: () => Promise<PlatformProcess>,
) {
  try {
    for (const row of selected) {
      while (servers.length < row.processes) {
        if (!more) throw new Error(`invariant: ${backend} has the processes its rows ask for`);
        servers.push(await more());
      }
      const r = await measure(servers.slice(0, row.processes), row, receiver.url);
      const pg = backend !== 'PGlite';
      rows.push({
        database: backend,
        processes: row.processes,
        wallets: row.wallets,
        merchants: row.merchants,
        payments: r.payments + (r.ranOut ? ' (all tags)' : ''),
        'payments/s': r.perSecond.toFixed(0),
        p50: ms(r.p50),
        p99: ms(r.p99),
        failed: r.failures,
        // The payment writer's batches (platform/payments/payment-writer.ts): PGlite's are not visible from here.
        'payments per commit': pg ? (await paymentsPerTransaction(postgres.url, r.merchantIds)).toFixed(1) : '',
        'CPU platform / db / client': r.cpu,
        // What one payment costs the machine (all of it, and PostgreSQL's part) beside what one TPC-B
        // transaction costs it, pgbench included: the ratio is up against this.
        'CPU per payment (db)': `${r.machineMs.toFixed(2)} ms${pg ? ` (${r.databaseMs.toFixed(2)} ms)` : ''}`,
        // The platform process's own share of it (issue #25 wants it under 1 ms).
        'platform CPU per payment': `${r.platformMs.toFixed(2)} ms`,
        'CPU per TPC-B': pg ? `${ceiling[row.wallets]!.machineMs.toFixed(2)} ms` : '',
        'pgbench tps': pg ? ceiling[row.wallets]!.tps.toFixed(0) : '',
        'share of pgbench': pg ? `${((100 * r.perSecond) / ceiling[row.wallets]!.tps).toFixed(1)} %` : '',
      });
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

try {
  const pglite = { POUCH_DATA: mkdtempSync(join(tmpdir(), 'pouch-bench-')) };
  const startPglite = async () => spawnPlatform({ ...pglite, ...limits }, await freePort());
  // PGlite is one process's own database: it has no second-process row.
  await measureRows(
    'PGlite',
    ROWS.filter((row) => row.processes === 1),
    [await startPglite()],
  );
  const startPostgres = async () => spawnPlatform({ DATABASE_URL: postgres.url, ...limits }, await freePort());
  const onPostgres = await startPostgres();
  floor = await measureFloor(onPostgres);
  await measureRows('PostgreSQL', ROWS, [onPostgres], startPostgres);
  // Past one process, with real parts (scripts/topology): every request through HAProxy's one address.
  const topology = await startTopology({
    primaryUrl: postgres.url,
    replicaUrl: await startReplica()(postgres.url),
    processes: 2,
    spawn: (env, port) => spawnPlatform({ ...env, ...limits }, port),
  });
  try {
    const behindProxy = topology.platforms.map((platform) => ({ ...platform, url: topology.url }));
    await measureRows(
      TOPOLOGY,
      ROWS.filter((row) => row.processes === 2),
      behindProxy,
    );
  } finally {
    await topology.stop();
  }
} finally {
  await receiver.close();
  await postgres.drop();
}
printTable(
  `Platform payments (${SECONDS_PER_ROW} s per row, loopback HTTP; CPU as a share of ${availableParallelism()} cores)`,
  rows,
);
if (floor) printTable('The floor: 64 clients asking GET /healthz (HTTP and one trivial query), PostgreSQL', [floor]);

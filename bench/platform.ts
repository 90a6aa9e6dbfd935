/**
 * Platform throughput: payments per second and latency at 1, 16 and 64 concurrent wallets, on PGlite
 * and on PostgreSQL, each against a platform process of its own on loopback; beside the PostgreSQL rows,
 * pgbench's TPC-B on the same server at as many clients, measured first in the same run.
 * `npm run bench:platform`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnPlatform } from '../test/support/platform-process';
import { createDatabase, postgresAdminUrl } from '../test/support/postgres';
import { signUpMerchant, TestWallet } from '../test/support/wallet-client';
import { pgbenchInit, pgbenchTps } from './pgbench';
import { ms, percentile, printTable } from './stats';

const LEVELS = [1, 16, 64];
const SECONDS_PER_LEVEL = 4;

async function measure(baseUrl: string, concurrency: number) {
  const merchant = await signUpMerchant(baseUrl, { name: `Bench ${concurrency}` });
  const wallets = await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const wallet = await TestWallet.create(baseUrl);
      await wallet.topUp(await wallet.addCard(), 10_000_000);
      return wallet;
    }),
  );
  const latencies: number[] = [];
  let failures = 0;
  const deadline = Date.now() + SECONDS_PER_LEVEL * 1000;
  const started = performance.now();
  await Promise.all(
    wallets.map(async (wallet) => {
      while (Date.now() < deadline) {
        const tag = await merchant.tag({ amount: 100 });
        const t0 = performance.now();
        const result = await wallet.pay(tag);
        latencies.push(performance.now() - t0);
        if (result.status !== 201) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    payments: latencies.length,
    failures,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

const rows: Record<string, string | number>[] = [];
const ceiling: Record<number, number> = {};
const postgres = await createDatabase(postgresAdminUrl(), 'pouch_bench');
// PostgreSQL's own figure first, on the same server, in the same run: the platform's target is a share of it.
const tpcb = await createDatabase(postgresAdminUrl(), 'pouch_pgbench');
try {
  await pgbenchInit(tpcb.url);
  for (const clients of LEVELS) ceiling[clients] = await pgbenchTps(tpcb.url, clients, SECONDS_PER_LEVEL);
} finally {
  await tpcb.drop();
}
try {
  for (const backend of ['PGlite', 'PostgreSQL'] as const) {
    const env: Record<string, string> =
      backend === 'PGlite'
        ? { POUCH_DATA: mkdtempSync(join(tmpdir(), 'pouch-bench-')) }
        : { DATABASE_URL: postgres.url };
    const server = await spawnPlatform(
      // The per-wallet limits guard real wallets; the benchmark's wallets pay as fast as they can.
      {
        ...env,
        POUCH_WALLETS_PER_HOUR: '100000',
        POUCH_SIGNUPS_PER_HOUR: '1000',
        POUCH_PAYMENTS_PER_MINUTE: '1000000',
      },
      await freePort(),
    );
    try {
      for (const concurrency of LEVELS) {
        const r = await measure(server.url, concurrency);
        rows.push({
          database: backend,
          wallets: concurrency,
          payments: r.payments,
          'payments/s': r.perSecond.toFixed(0),
          p50: ms(r.p50),
          p99: ms(r.p99),
          failed: r.failures,
          'pgbench tps': backend === 'PostgreSQL' ? ceiling[concurrency]!.toFixed(0) : '',
          'share of pgbench':
            backend === 'PostgreSQL' ? `${((100 * r.perSecond) / ceiling[concurrency]!).toFixed(1)} %` : '',
        });
      }
    } finally {
      await server.stop();
    }
  }
} finally {
  await postgres.drop();
}
printTable(`Platform payments (${SECONDS_PER_LEVEL} s per row, one platform process, loopback HTTP)`, rows);

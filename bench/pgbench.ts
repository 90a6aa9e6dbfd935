import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** TPC-B's scale: 64 branches, 6.4 million accounts (about 1 GB), as issue #13 measured it. */
const SCALE = 64;

/**
 * PostgreSQL's own ceiling for a small write transaction, on the same server the platform uses: pgbench's
 * TPC-B at `clients` connections for `seconds`, prepared statements, two pgbench threads (two cores).
 * Returns transactions per second.
 */
export async function pgbenchTps(url: string, clients: number, seconds: number): Promise<number> {
  const { stdout } = await run(
    'pgbench',
    ['-c', String(clients), '-j', '2', '-T', String(seconds), '-M', 'prepared', '-n', url],
    {
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1];
  if (!tps) throw new Error(`pgbench printed no tps:\n${stdout}`);
  return Number(tps);
}

/** Fills `url`'s database with pgbench's tables at the benchmark's scale. */
export async function pgbenchInit(url: string): Promise<void> {
  await run('pgbench', ['-i', '-q', '-s', String(SCALE), url], { maxBuffer: 16 * 1024 * 1024 });
}

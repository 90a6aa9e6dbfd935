import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds a process has used (user + system), from /proc: Linux only, as the benchmark machine is. */
function processSeconds(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces) start at the state, field 3.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in ticks of 1/100 s
  } catch {
    return 0; // the process ended meanwhile
  }
}

const postgresPids = () =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
      } catch {
        return false;
      }
    });

/** CPU used by the platform processes, every PostgreSQL process, and this (the client) process. */
export interface CpuSplit {
  platform: number;
  database: number;
  client: number;
}

export function cpuNow(platformPids: number[]): CpuSplit {
  const own = process.cpuUsage();
  return {
    platform: platformPids.reduce((sum, pid) => sum + processSeconds(pid), 0),
    database: postgresPids().reduce((sum, pid) => sum + processSeconds(pid), 0),
    client: (own.user + own.system) / 1e6,
  };
}

/** Milliseconds of PostgreSQL CPU between two readings, per unit of work done between them. */
export const databaseMsPer = (before: CpuSplit, after: CpuSplit, units: number): number =>
  (1000 * (after.database - before.database)) / units;

/** The CPU each side used between two readings, as a share of the machine's cores over `seconds`. */
export function cpuShares(before: CpuSplit, after: CpuSplit, seconds: number, cores: number): string {
  const share = (key: keyof CpuSplit) => `${Math.round((100 * (after[key] - before[key])) / (seconds * cores))} %`;
  return `${share('platform')} / ${share('database')} / ${share('client')}`;
}

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
  machine: number;
}

export function cpuNow(platformPids: number[]): CpuSplit {
  const own = process.cpuUsage();
  return {
    platform: platformPids.reduce((sum, pid) => sum + processSeconds(pid), 0),
    database: postgresPids().reduce((sum, pid) => sum + processSeconds(pid), 0),
    client: (own.user + own.system) / 1e6,
    machine: machineSeconds(),
  };
}

/**
 * CPU seconds the whole machine has been busy (every process, user + system), from /proc/stat's first
 * line. Unlike per-process readings, it keeps the CPU of processes that ended meanwhile, such as the
 * PostgreSQL backends pgbench's connections had.
 */
export function machineSeconds(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  // user nice system idle iowait irq softirq steal: all but idle and iowait is work.
  const [user, nice, system, , , irq, softirq, steal] = ticks.map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / 100;
}

/** Milliseconds of CPU one side used between two readings, per unit of work done between them. */
export const msPer = (key: keyof CpuSplit, before: CpuSplit, after: CpuSplit, units: number): number =>
  (1000 * (after[key] - before[key])) / units;

/** The CPU each side used between two readings, as a share of the machine's cores over `seconds`. */
export function cpuShares(before: CpuSplit, after: CpuSplit, seconds: number, cores: number): string {
  const share = (key: Exclude<keyof CpuSplit, 'machine'>) =>
    `${Math.round((100 * (after[key] - before[key])) / (seconds * cores))} %`;
  return `${share('platform')} / ${share('database')} / ${share('client')}`;
}

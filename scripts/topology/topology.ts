import { freePort, type PlatformProcess } from '../platform-process';
import type { Daemon } from './daemon';
import { startHaproxy } from './haproxy';
import { startPgBouncer } from './pgbouncer';

export type SpawnPlatform = (env: Record<string, string | undefined>, port: number) => Promise<PlatformProcess>;

/** Pouch past one process: platform processes behind HAProxy, on PostgreSQL through PgBouncer, with a replica. */
export interface Topology {
  /** HAProxy's address: the one address wallets, shops and the console use. */
  url: string;
  platforms: PlatformProcess[];
  /** Starts one more platform process in place of a dead one, at the dead one's port. */
  restart(index: number): Promise<void>;
  stop(): Promise<void>;
}

export interface TopologyOptions {
  /** The database on the primary (postgres://…/name); the platforms reach it through PgBouncer. */
  primaryUrl: string;
  /** The same database on a streaming replica of the primary (scripts/replica.sh). */
  replicaUrl: string;
  processes: number;
  /** Starts a platform process with the topology's environment (the caller adds its own: secret key, limits). */
  spawn: SpawnPlatform;
}

/**
 * Starts PgBouncer, then the platform processes (each applies pending migrations under the same lock,
 * so starting together is safe), then HAProxy in front of them. Every process is told the proxy's
 * address as its public URL, so receipts and snippets name one issuer whichever process served them.
 */
export async function startTopology(options: TopologyOptions): Promise<Topology> {
  const daemons: Daemon[] = [];
  const platforms: PlatformProcess[] = [];
  try {
    const bouncerPort = await freePort();
    daemons.push(await startPgBouncer(options.primaryUrl, bouncerPort));
    const viaBouncer = new URL(options.primaryUrl);
    viaBouncer.port = String(bouncerPort);
    const proxyPort = await freePort();
    const url = `http://127.0.0.1:${proxyPort}`;
    const env = {
      DATABASE_URL: viaBouncer.toString(),
      DATABASE_REPLICA_URL: options.replicaUrl,
      POUCH_PUBLIC_URL: url,
      POUCH_TRUSTED_PROXIES: '127.0.0.1',
    };
    const ports = await Promise.all(Array.from({ length: options.processes }, () => freePort()));
    for (const port of ports) platforms.push(await options.spawn(env, port));
    daemons.push(await startHaproxy(proxyPort, ports));
    return {
      url,
      platforms,
      async restart(index) {
        platforms[index] = await options.spawn(env, ports[index]!);
      },
      async stop() {
        await Promise.all(platforms.map((platform) => platform.stop()));
        for (const daemon of daemons.reverse()) await daemon.stop();
      },
    };
  } catch (error) {
    await Promise.all(platforms.map((platform) => platform.kill()));
    for (const daemon of daemons.reverse()) await daemon.stop();
    throw error;
  }
}

import { inject } from 'vitest';
import type { CardNetwork } from '../../platform/cards/network';
import type { PlatformConfig } from '../../platform/config';
import { testConfig } from './config';
import { startPlatform, type RunningPlatform } from '../../platform/server';
import { createDatabase } from './postgres';
import { sha256 } from '../../platform/ids';

export type Backend = 'pglite' | 'postgres';
export const BACKENDS: Backend[] = ['pglite', 'postgres'];

/** A fresh, empty PostgreSQL database on the test server; dropped by the returned function. */
export const freshPostgres = () => createDatabase(inject('postgresUrl'));

export interface TestPlatform extends RunningPlatform {
  databaseUrl?: string;
}

/** A platform over HTTP on a free loopback port, on the named database backend. */
export async function startTestPlatform(
  backend: Backend,
  options: { config?: Partial<PlatformConfig>; cards?: CardNetwork; databaseUrl?: string } = {},
): Promise<TestPlatform> {
  const database = backend === 'postgres' && !options.databaseUrl ? await freshPostgres() : null;
  const databaseUrl = options.databaseUrl ?? database?.url;
  const running = await startPlatform(testConfig({ databaseUrl, ...options.config }), 0, { cards: options.cards });
  return {
    ...running,
    databaseUrl,
    async close() {
      await running.close();
      await database?.drop();
    },
  };
}

/**
 * Moves the wallet session's PIN proof past the five minutes in which it counts for step-ups: what
 * remains is a token alone, as anyone at an unlocked browser has it.
 */
export async function stalePin(platform: TestPlatform, wallet: { token: string }): Promise<void> {
  await platform.platform.db
    .updateTable('sessions')
    .set({ pin_verified_at: new Date(Date.now() - 10 * 60 * 1000) })
    .where('token_hash', '=', sha256(wallet.token))
    .execute();
}

/** Every open session's PIN proof, past its five minutes: what a browser unlocked a while ago holds. */
export async function staleAllPins(platform: TestPlatform): Promise<void> {
  await platform.platform.db
    .updateTable('sessions')
    .set({ pin_verified_at: new Date(Date.now() - 10 * 60 * 1000) })
    .execute();
}

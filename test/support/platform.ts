import { inject } from 'vitest';
import type { CardNetwork } from '../../platform/cards/network';
import type { PlatformConfig } from '../../platform/config';
import { testConfig } from './config';
import { startPlatform, type RunningPlatform } from '../../platform/server';
import { createDatabase } from './postgres';

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

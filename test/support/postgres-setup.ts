import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Platform tests run against PGlite and a real PostgreSQL server. POUCH_TEST_POSTGRES_URL names an
 * admin URL; without it, scripts/postgres.sh installs (as root) and starts a loopback server.
 */
export default function setup(project: TestProject): void {
  let url = process.env.POUCH_TEST_POSTGRES_URL;
  if (!url) {
    try {
      url = execFileSync(resolve(import.meta.dirname, '../../scripts/postgres.sh'), {
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
  project.provide('postgresUrl', url);
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

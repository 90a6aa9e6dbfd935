import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Installs the Debian packages the tests need once per run, before any test file starts: vitest runs
 * the projects' global setups one after another, so the first installs everything and the second
 * finds nothing missing. The list, and what a caller may bring instead (CHROMIUM_PATH, FIREFOX_PATH,
 * POUCH_TEST_POSTGRES_URL), live in scripts/system-packages.sh alone.
 */
export default function setup(): void {
  execFileSync(resolve(import.meta.dirname, '../../scripts/system-packages.sh'), [], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

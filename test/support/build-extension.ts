import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

/**
 * Builds the Chrome and the Firefox extension once per test run; every e2e file loads the same builds.
 * Makes the screenshots' folder too: Puppeteer does not, and a file may run before any other made it.
 */
export default function setup(): void {
  mkdirSync('test-results', { recursive: true });
  if (process.env.POUCH_SKIP_BUILD === '1') return;
  execFileSync('npx', ['wxt', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('npx', ['wxt', 'build', '-b', 'firefox'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

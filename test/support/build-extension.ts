import { execFileSync } from 'node:child_process';

/** Builds the Chrome and the Firefox extension once per test run; every e2e file loads the same builds. */
export default function setup(): void {
  if (process.env.POUCH_SKIP_BUILD === '1') return;
  execFileSync('npx', ['wxt', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('npx', ['wxt', 'build', '-b', 'firefox'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

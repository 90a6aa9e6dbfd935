import { execFileSync } from 'node:child_process';

/** Builds the Chrome extension once per test run; every e2e file loads the same build. */
export default function setup(): void {
  if (process.env.POUCH_SKIP_BUILD === '1') return;
  execFileSync('npx', ['wxt', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

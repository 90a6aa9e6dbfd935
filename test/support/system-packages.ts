import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Installs what the platform and browser tests need (Debian's Chromium and Firefox ESR, PostgreSQL, a CJK font) once per run,
 * before any test file starts: vitest runs the projects' global setups one after another, so the
 * first installs everything and the second finds nothing missing. Skipped for what the caller brings
 * (CHROMIUM_PATH, FIREFOX_PATH, POUCH_TEST_POSTGRES_URL).
 */
export default function setup(): void {
  const wanted = [
    ...(process.env.CHROMIUM_PATH ? [] : ['chromium']),
    ...(process.env.FIREFOX_PATH ? [] : ['firefox-esr']),
    ...(process.env.POUCH_TEST_POSTGRES_URL ? [] : ['postgresql']),
    // Chinese screenshots (popup-zh) show boxes without a CJK font.
    'fonts-wqy-microhei',
  ];
  execFileSync(resolve(import.meta.dirname, '../../scripts/system-packages.sh'), wanted, {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The Chrome build of the extension, as `wxt build` writes it. */
export const EXTENSION_DIR = resolve(import.meta.dirname, '../.output/chrome-mv3');

/** Flags for Chromium on a closed network: without the background-networking ones it keeps dialling out. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function onPath(name: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/**
 * Debian's Chromium (Playwright cannot download its own browser here), or CHROMIUM_PATH. Installing it
 * is the job of scripts/system-packages.sh, run once before anything needs it.
 */
export function chromiumPath(): string {
  const override = process.env.CHROMIUM_PATH;
  if (override) {
    if (!existsSync(override)) throw new Error(`CHROMIUM_PATH=${override} does not exist`);
    return override;
  }
  const found = onPath('chromium');
  if (found) return found;
  throw new Error(
    "No Chromium found. Install Debian's package (sudo scripts/system-packages.sh chromium) or set CHROMIUM_PATH to a Chromium binary.",
  );
}

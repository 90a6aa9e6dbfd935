import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';

export const EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/chrome-mv3');

function onPath(name: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/**
 * Debian's Chromium: Playwright cannot download its own browser here. CHROMIUM_PATH overrides;
 * when it is missing and we are root, install it; otherwise say exactly what to do.
 */
export function chromiumPath(): string {
  const override = process.env.CHROMIUM_PATH;
  if (override) {
    if (!existsSync(override)) throw new Error(`CHROMIUM_PATH=${override} does not exist`);
    return override;
  }
  const found = onPath('chromium');
  if (found) return found;
  if (process.getuid?.() === 0) {
    execFileSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium'], {
      stdio: 'inherit',
    });
    const installed = onPath('chromium');
    if (installed) return installed;
  }
  throw new Error(
    "No Chromium found. Install Debian's package (sudo apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium binary.",
  );
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface WalletBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  popupUrl: string;
  close(): Promise<void>;
}

/** A fresh profile with the built extension loaded, headless. */
export async function launchWallet(options: { locale?: string } = {}): Promise<WalletBrowser> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No extension build at ${EXTENSION_DIR}: run "npm run build" first.`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'pouch-profile-'));
  const locale = options.locale ?? 'en-US';
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    locale,
    // Chromium on Linux takes its UI language, which chrome.i18n follows, from LANGUAGE.
    env: { ...process.env, LANGUAGE: locale.replace('-', '_') },
    args: [
      ...CHROMIUM_ARGS,
      `--lang=${locale}`,
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    popupUrl: `chrome-extension://${extensionId}/popup.html`,
    close: () => context.close(),
  };
}

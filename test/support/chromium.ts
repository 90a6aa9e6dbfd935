import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath, EXTENSION_DIR } from '../../scripts/chromium';

export { CHROMIUM_ARGS, chromiumPath, EXTENSION_DIR };

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

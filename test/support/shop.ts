import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startShop, type RunningShop } from '../../merchant/demo-shop/server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchWallet, type WalletBrowser } from './chromium';
import { startTestPlatform, type TestPlatform } from './platform';
import { onboard } from './popup-actions';
import { testPages } from './test-pages';

/** The real platform (PGlite) and the real demo shop, both on loopback. */
export async function startPlatformAndShop(): Promise<{
  platform: TestPlatform;
  shop: RunningShop;
  close(): Promise<void>;
}> {
  const platform = await startTestPlatform('pglite', { config: { cardNetworkTimeoutMs: 200 } });
  const shop = await startShop({
    platformUrl: platform.url,
    dataDir: mkdtempSync(join(tmpdir(), 'pouch-shop-')),
    port: 0,
    testPages,
  });
  return {
    platform,
    shop,
    async close() {
      await shop.close();
      await platform.close();
    },
  };
}

/** A new user's first minutes, through the popup as they would do it. */

export { addCard, clickPouchButton, onboard, openSheet } from './popup-actions';

export interface WalletAtShop {
  env: Awaited<ReturnType<typeof startPlatformAndShop>>;
  wallet: WalletBrowser;
  popup: Page;
  close(): Promise<void>;
}

/**
 * One e2e file's world: the platform, the demo shop, and a Chromium whose new user has onboarded in
 * the popup with the sandbox card and a top-up. `platformUrl` lets the wallet reach the platform
 * through something in between (a proxy).
 */
export async function walletAtShop(options: {
  topUp: string;
  platformUrl?: (env: WalletAtShop['env']) => Promise<string>;
}): Promise<WalletAtShop> {
  const env = await startPlatformAndShop();
  const wallet = await launchWallet();
  const popup = await wallet.context.newPage();
  await popup.setViewportSize({ width: 360, height: 640 });
  await popup.goto(wallet.popupUrl);
  await onboard(popup, options.platformUrl ? await options.platformUrl(env) : env.platform.url, {
    topUp: options.topUp,
  });
  return {
    env,
    wallet,
    popup,
    async close() {
      await wallet.close();
      await env.close();
    },
  };
}

/** An e2e file's world, built before its tests and handed to `ready`, closed after them. */
export function withWalletAtShop(options: Parameters<typeof walletAtShop>[0], ready: (world: WalletAtShop) => void) {
  let world: WalletAtShop | undefined;
  beforeAll(async () => {
    world = await walletAtShop(options);
    ready(world);
  });
  afterAll(() => world?.close());
}

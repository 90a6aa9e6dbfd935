import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startShop, type RunningShop } from '../../merchant/demo-shop/server';
import { startTestPlatform, type TestPlatform } from './platform';

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

export { addCard, onboard, openSheet } from './popup-actions';

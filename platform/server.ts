import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app';
import { sandboxCardNetwork } from './cards/sandbox-network';
import { voidAbandonedCharges } from './cards/charges';
import type { CardNetwork } from './cards/network';
import type { PlatformConfig } from './config';
import type { Platform } from './context';
import { platformSigningKey, type PlatformKey } from './crypto/signing-keys';
import { openDatabase } from './db/connect';
import { purgeExpired } from './housekeeping';
import { recheckOrigins } from './merchants/origins';
import { releaseDueEscrows } from './payments/escrow';
import { runSettlement } from './settlement/settlement';
import { startDeliveryWorker } from './webhooks/delivery-worker';

export interface RunningPlatform {
  url: string;
  platform: Platform;
  close(): Promise<void>;
}

/** Opens the database, starts the webhook worker and serves HTTP on `port` (0: any free port). */
export async function startPlatform(
  config: PlatformConfig,
  port: number,
  options: { cards?: CardNetwork; hostname?: string } = {},
): Promise<RunningPlatform> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const worker = startDeliveryWorker(db, config);
  let key: Promise<PlatformKey> | undefined;
  const platform: Platform = {
    db,
    config,
    cards: options.cards ?? sandboxCardNetwork({ timeoutMs: config.cardNetworkTimeoutMs }),
    signingKey: () => (key ??= platformSigningKey(db)),
    now: () => new Date(),
    kickWebhooks: () => worker.kick(),
  };
  await platform.signingKey();
  await voidAbandonedCharges(platform, config.abandonedChargeMs);
  // Housekeeping every process does; each step is safe to race with the other processes' row locks.
  const sweeper = setInterval(
    () => {
      voidAbandonedCharges(platform, config.abandonedChargeMs).catch((error) =>
        console.error('[platform] voiding abandoned charges failed', error),
      );
      releaseDueEscrows(platform).catch((error) => console.error('[platform] releasing escrow failed', error));
      runSettlement(platform).catch((error) => console.error('[platform] the daily settlement failed', error));
      purgeExpired(db, platform.now()).catch((error) => console.error('[platform] purging expired rows failed', error));
      recheckOrigins(platform, config.originRecheckMs).catch((error) =>
        console.error('[platform] checking verified origins again failed', error),
      );
    },
    Math.min(config.abandonedChargeMs, 60_000),
  );
  sweeper.unref();
  const app = createApp(platform);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname: options.hostname ?? '127.0.0.1' }, () => resolve(s));
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://127.0.0.1:${actualPort}`;
  // With port 0 the address is known only now; receipts name it as their issuer.
  if (!config.publicUrl) platform.config = { ...config, publicUrl: url };
  return {
    url,
    platform,
    async close() {
      clearInterval(sweeper);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await worker.stop();
      await db.destroy();
    },
  };
}

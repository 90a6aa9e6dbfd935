import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app';
import { sandboxCardNetwork } from './cards/sandbox-network';
import { voidAbandonedCharges } from './cards/charges';
import type { CardNetwork } from './cards/network';
import type { PlatformConfig } from './config';
import type { Platform } from './context';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { keyFileSecret, secretBox } from './crypto/secret-box';
import { sealLegacySecrets } from './crypto/seal-legacy';
import { platformSigningKey, type PlatformKey } from './crypto/signing-keys';
import { connectDatabase, openDatabase } from './db/connect';
import { purgeExpired } from './housekeeping';
import { rollUpBacklogs } from './ledger/ledger';
import { recheckOrigins } from './merchants/origins';
import { releaseDueEscrows } from './payments/escrow';
import { runSettlement } from './settlement/settlement';
import { startDeliveryWorker } from './webhooks/delivery-worker';
import { MINUTE_MS } from '../protocol/time';
import { paymentWriter } from './payments/payment-writer';

const SIGNING_KEY_REREAD_MS = 5 * MINUTE_MS;

/** The key-encryption key: given (POUCH_SECRET_KEY), or the embedded database's own key file. */
export function keyEncryptionKey(config: PlatformConfig): Uint8Array {
  if (config.secretKey) return config.secretKey;
  if (config.databaseUrl) throw new Error('invariant: a PostgreSQL platform is given its secret key (config.ts)');
  // An in-memory database lives as long as the process: so may its key.
  return config.dataDir.startsWith('memory://') ? randomBytes(32) : keyFileSecret(config.dataDir);
}

/**
 * Idle keep-alive connections stay open 65 s, longer than the clients' and load balancers' own idle
 * timeouts (60 s at most of them). Node's 5 s default closed them under clients that reused one a
 * moment later: in the benchmark, a shop's first request after 5 idle seconds took 5 s more.
 */
function keepConnections(server: Server): void {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}

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
  const replica = config.replicaUrl ? connectDatabase({ databaseUrl: config.replicaUrl }) : db;
  const box = await secretBox(keyEncryptionKey(config));
  await sealLegacySecrets(db, box);
  const worker = startDeliveryWorker(db, config, box);
  // Read again now and then: another process may have rotated the key.
  let key: { at: number; value: Promise<PlatformKey> } | undefined;
  const platform: Platform = {
    db,
    payments: paymentWriter(db),
    replica,
    config,
    box,
    cards:
      options.cards ??
      sandboxCardNetwork({ timeoutMs: config.cardNetworkTimeoutMs, fingerprint: (n) => box.mac('card-number', n) }),
    signingKey: () => {
      if (!key || Date.now() - key.at > SIGNING_KEY_REREAD_MS)
        key = { at: Date.now(), value: platformSigningKey(db, box) };
      return key.value;
    },
    now: () => new Date(),
    kickWebhooks: () => worker.kick(),
    contractBreaches: [],
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
      rollUpBacklogs(db).catch((error) => console.error('[platform] rolling up account backlogs failed', error));
      recheckOrigins(platform, config.originRecheckMs).catch((error) =>
        console.error('[platform] checking verified origins again failed', error),
      );
    },
    Math.min(config.abandonedChargeMs, MINUTE_MS),
  );
  sweeper.unref();
  const app = createApp(platform);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname: options.hostname ?? '127.0.0.1' }, () => resolve(s));
    keepConnections(s as Server);
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
      if (replica !== db) await replica.destroy();
      await db.destroy();
    },
  };
}

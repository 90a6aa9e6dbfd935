import { afterAll, beforeAll, inject } from 'vitest';
import type { CardNetwork } from '../../platform/cards/network';
import type { PlatformConfig } from '../../platform/config';
import { testConfig } from './config';
import { startPlatform, type RunningPlatform } from '../../platform/server';
import { createDatabase } from './postgres';
import { sha256 } from '../../platform/ids';
import { signUpMerchant, TestWallet, type TestMerchant } from './wallet-client';
import { webhookReceiver } from './webhook-receiver';

export type Backend = 'pglite' | 'postgres';
export const BACKENDS: Backend[] = ['pglite', 'postgres'];

/** A fresh, empty PostgreSQL database on the test server; dropped by the returned function. */
export const freshPostgres = () => createDatabase(inject('postgresUrl'));

export interface TestPlatform extends RunningPlatform {
  databaseUrl?: string;
}

/** A platform over HTTP on a free loopback port, on the named database backend. */
export async function startTestPlatform(
  backend: Backend,
  options: { config?: Partial<PlatformConfig>; cards?: CardNetwork; databaseUrl?: string } = {},
): Promise<TestPlatform> {
  const database = backend === 'postgres' && !options.databaseUrl ? await freshPostgres() : null;
  const databaseUrl = options.databaseUrl ?? database?.url;
  const running = await startPlatform(testConfig({ databaseUrl, ...options.config }), 0, { cards: options.cards });
  return {
    ...running,
    databaseUrl,
    async close() {
      await running.close();
      await database?.drop();
      // Every answer the platform gave in this file is one the API reference describes.
      const breaches = running.platform.contractBreaches;
      if (breaches.length) throw new Error(`answers the API reference does not describe:\n${breaches.join('\n')}`);
    },
  };
}

/**
 * Moves PIN proofs past the five minutes in which they count for step-ups — the given wallet's session,
 * or every open session: what remains is a token alone, as anyone at a browser unlocked a while ago has.
 */
export async function stalePin(platform: TestPlatform, wallet?: { token: string }): Promise<void> {
  let update = platform.platform.db
    .updateTable('sessions')
    .set({ pin_verified_at: new Date(Date.now() - 10 * 60 * 1000) });
  if (wallet) update = update.where('token_hash', '=', sha256(wallet.token));
  await update.execute();
}

/**
 * A platform on `backend` with one verified shop for the tests of the surrounding `describe`: started
 * before them, handed to `ready`, and closed after them (which fails on answers the reference does not
 * describe).
 */
export function platformWithShop(
  backend: Backend,
  ready: (started: { platform: TestPlatform; merchant: TestMerchant }) => void,
): void {
  let platform: TestPlatform | undefined;
  beforeAll(async () => {
    platform = await startTestPlatform(backend);
    ready({ platform, merchant: await signUpMerchant(platform.url) });
  });
  afterAll(() => platform?.close());
}

/** A platform on `backend` with one wallet holding ¥1,000 from its card, as `platformWithShop` does for a shop. */
export function platformWithWallet(
  backend: Backend,
  ready: (started: { platform: TestPlatform; wallet: TestWallet }) => void,
): void {
  let platform: TestPlatform | undefined;
  beforeAll(async () => {
    platform = await startTestPlatform(backend);
    const wallet = await TestWallet.create(platform.url);
    await wallet.topUp(await wallet.addCard(), 100_000);
    ready({ platform, wallet });
  });
  afterAll(() => platform?.close());
}

/** A platform on `backend`, a shop whose webhooks a receiver here records, and another shop (Sky Air). */
export interface TwoShops {
  platform: TestPlatform;
  hooks: Awaited<ReturnType<typeof webhookReceiver>>;
  shop: TestMerchant;
  otherShop: TestMerchant;
}

/** Starts a `TwoShops` world before the file's tests and stops it after, as `platformWithShop` does. */
export function platformWithTwoShops(backend: Backend, ready: (world: TwoShops) => void): void {
  let platform: TestPlatform | undefined;
  let hooks: TwoShops['hooks'] | undefined;
  beforeAll(async () => {
    platform = await startTestPlatform(backend);
    hooks = await webhookReceiver();
    const shop = await signUpMerchant(platform.url, { webhookUrl: hooks.url });
    const otherShop = await signUpMerchant(platform.url, { name: 'Sky Air' });
    ready({ platform, hooks, shop, otherShop });
  });
  afterAll(async () => {
    await platform?.close();
    await hooks?.close();
  });
}

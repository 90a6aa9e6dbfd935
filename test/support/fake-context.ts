import type { BackgroundContext, PlatformSession } from '../../lib/background/context';
import { openWalletDB, type WalletDB } from '../../lib/db/open';
import type { PlatformClient } from '../../lib/platform-client';

let databases = 0;

export interface FakeContext extends BackgroundContext {
  badges: Map<number, string>;
  logged: unknown[][];
}

/** A handler context over a fresh fake-indexeddb database and a stand-in platform. */
export function fakeContext(
  platform: Partial<PlatformClient> = {},
  now = new Date('2026-11-24T12:00:00Z'),
): FakeContext {
  const name = `pouch-test-${++databases}`;
  let db: Promise<WalletDB> | undefined;
  let session: PlatformSession | null = null;
  const badges = new Map<number, string>();
  const logged: unknown[][] = [];
  return {
    extensionId: 'own-extension-id',
    extensionOrigin: 'chrome-extension://own-extension-id',
    defaultPlatformUrl: 'http://platform.test',
    db: () => (db ??= openWalletDB(name)),
    platform: () => platform as PlatformClient,
    sessions: { get: async () => session, set: async (s) => void (session = s) },
    setBadge: async (tabId, text) => void badges.set(tabId, text),
    now: () => now,
    log: (...args) => void logged.push(args),
    badges,
    logged,
  };
}

export const UI_SENDER = { id: 'own-extension-id', url: 'chrome-extension://own-extension-id/popup.html' };
export const contentSender = (origin = 'https://shop.example', frameId = 0) => ({
  id: 'own-extension-id',
  url: `${origin}/checkout`,
  origin,
  frameId,
  tab: { id: 7 },
});

import type { BackgroundContext, PlatformSession } from '../../lib/background/context';
import type { PageResult } from '../../protocol/messages';
import { openWalletDB, type WalletDB } from '../../lib/db/open';
import type { Checkout } from '../../lib/checkout/checkout-store';
import type { SignIn } from '../../lib/sign-in/sign-in';
import type { PlatformClient } from '../../lib/platform-client';

let databases = 0;

interface FakeContext extends BackgroundContext {
  badges: Map<number, string>;
  logged: unknown[][];
  told: { tabId: number; result: PageResult }[];
  /** Open windows and the extension page each shows. */
  windows: Map<number, string>;
  notified: { id: string; title: string; text: string }[];
  /** Alarm name → period in minutes. */
  scheduled: Map<string, number>;
  /** Where the checkout script is registered, and the tabs given the sign-in button's script. */
  checkoutMatches: string[];
  signInButtons: { tabId: number; documentId?: string }[];
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
  const told: FakeContext['told'] = [];
  const checkouts = new Map<string, Checkout>();
  const signIns = new Map<string, SignIn>();
  const windows = new Map<number, string>();
  const notified: FakeContext['notified'] = [];
  const scheduled = new Map<string, number>();
  const pageMerchants = new Map<number, string>();
  let ids = 0;
  const fake: FakeContext = {
    extensionId: 'own-extension-id',
    extensionOrigin: 'chrome-extension://own-extension-id',
    defaultPlatformUrl: 'http://platform.test',
    say: (key, substitutions = []) => [key, ...substitutions].join(' '),
    uiLanguage: 'en-US',
    deviceName: 'Chrome on Linux',
    db: () => (db ??= openWalletDB(name)),
    platform: () => platform as PlatformClient,
    sessions: { get: async () => session, set: async (s) => void (session = s) },
    setBadge: async (tabId, text) => void badges.set(tabId, text),
    checkouts: {
      get: async (id) => checkouts.get(id),
      put: async (checkout) => void checkouts.set(checkout.id, checkout),
      forTab: async (tabId) => [...checkouts.values()].filter((c) => c.tabId === tabId).at(-1),
      forWindow: async (windowId) => [...checkouts.values()].find((c) => c.windowId === windowId),
    },
    signIns: {
      get: async (id) => signIns.get(id),
      put: async (signIn) => void signIns.set(signIn.id, signIn),
      forWindow: async (windowId) => [...signIns.values()].find((s) => s.windowId === windowId),
    },
    pageMerchants: {
      get: async (tabId) => pageMerchants.get(tabId),
      set: async (tabId, merchantId) => void pageMerchants.set(tabId, merchantId),
    },
    openWindow: async (path) => {
      const id = windows.size + 100;
      windows.set(id, path);
      return id;
    },
    focusWindow: async (windowId) => windows.has(windowId),
    closeWindow: async (windowId) => void windows.delete(windowId),
    tellTab: async (tabId, result) => void told.push({ tabId, result }),
    pageScripts: {
      portsInPatterns: true,
      async setCheckoutMatches(matches) {
        fake.checkoutMatches = matches;
      },
      loadSignInButton: async (tabId, documentId) => void fake.signInButtons.push({ tabId, documentId }),
    },
    notify: async (id, title, text) => void notified.push({ id, title, text }),
    alarms: {
      start: async (name, periodMinutes) => void scheduled.set(name, periodMinutes),
      stop: async (name) => void scheduled.delete(name),
    },
    newId: () => `id-${++ids}`,
    now: () => now,
    log: (...args) => void logged.push(args),
    badges,
    logged,
    told,
    windows,
    notified,
    scheduled,
    checkoutMatches: [],
    signInButtons: [],
  };
  return fake;
}

export const UI_SENDER = { id: 'own-extension-id', url: 'chrome-extension://own-extension-id/popup.html' };
export const contentSender = (origin = 'https://shop.example', frameId = 0) => ({
  id: 'own-extension-id',
  url: `${origin}/checkout`,
  origin,
  frameId,
  tab: { id: 7 },
});

/** An unlocked wallet's session, live until 2027 (the fake clock stands in November 2026). */
export const unlockedSession = (walletId: string, token = 'tok'): PlatformSession => ({
  walletId,
  token,
  expiresAt: '2027-01-01T00:00:00Z',
  idleUntil: '2027-01-01T00:00:00Z',
  autoLockMinutes: 15,
});

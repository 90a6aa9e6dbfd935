import { browser } from 'wxt/browser';
import { openWalletDB, type WalletDB } from '../db/open';
import { httpPlatformClient } from '../platform-client';
import type { BackgroundContext, PlatformSession } from './context';
import { handlers } from './handlers';
import { createRouter } from './router';

const SESSION_KEY = 'platformSession';

/**
 * Builds the worker's context. The database handle is opened lazily and reopened after the
 * worker restarts; nothing else lives in memory between messages.
 */
function workerContext(defaultPlatformUrl: string): BackgroundContext {
  let db: Promise<WalletDB> | undefined;
  return {
    extensionId: browser.runtime.id,
    extensionOrigin: new URL(browser.runtime.getURL('/')).origin,
    defaultPlatformUrl,
    db: () => (db ??= openWalletDB()),
    platform: (baseUrl) => httpPlatformClient(baseUrl),
    sessions: {
      async get() {
        const stored = await browser.storage.session.get(SESSION_KEY);
        return (stored[SESSION_KEY] as PlatformSession | undefined) ?? null;
      },
      async set(session) {
        if (session) await browser.storage.session.set({ [SESSION_KEY]: session });
        else await browser.storage.session.remove(SESSION_KEY);
      },
    },
    setBadge: async (tabId, text) => {
      await browser.action.setBadgeBackgroundColor({ tabId, color: '#c8102e' });
      await browser.action.setBadgeText({ tabId, text });
    },
    now: () => new Date(),
    log: (...args) => console.error('[pouch]', ...args),
  };
}

/** Registers every listener synchronously, as MV3 requires for a worker woken by an event. */
export function startBackground(defaultPlatformUrl: string): void {
  const route = createRouter(handlers, workerContext(defaultPlatformUrl));
  browser.runtime.onMessage.addListener((message, sender) => route(message, sender));
}

import { browser } from 'wxt/browser';
import type { Checkout, CheckoutStore } from '../checkout/checkout-store';
import type { SignIn, SignInStore } from '../sign-in/sign-in';
import { openWalletDB, type WalletDB } from '../db/open';
import { httpPlatformClient } from '../platform-client';
import { checkoutOver, endCheckout } from './end-checkout';
import type { BackgroundContext, PlatformSession } from './context';
import { handlers } from './handlers';
import { failSignIn } from './handlers/sign-in';
import { checkNews, NEWS_ALARM } from './news-alerts';
import { resumePendingPayments } from './payments';
import { resumePendingMoves } from './money-moves';
import { createRouter } from './router';
import { AUTO_LOCK_ALARM, lockIfIdle } from './platform-session';
import { deviceName } from './device-key';
import { DIRECTORY_ALARM, DIRECTORY_REFRESH_MINUTES } from './checkout-script';
import { syncDirectory } from './directory';
import { browserPageScripts } from './page-scripts';

const SESSION_KEY = 'platformSession';
const WINDOW_SIZE = { width: 400, height: 660 };

/** Records kept in `storage.session` under `prefix:id`: they outlive a stopped worker, not the browser session. */
function sessionRecords<T extends { id: string }>(prefix: string) {
  const key = (id: string) => `${prefix}:${id}`;
  return {
    async get(id: string) {
      return (await browser.storage.session.get(key(id)))[key(id)] as T | undefined;
    },
    async put(record: T) {
      await browser.storage.session.set({ [key(record.id)]: record });
    },
    async all() {
      const stored = Object.entries(await browser.storage.session.get(null));
      return stored.filter(([k]) => k.startsWith(`${prefix}:`)).map(([, value]) => value as T);
    },
  };
}

const checkoutRecords = sessionRecords<Checkout>('checkout');
const sessionCheckouts: CheckoutStore = {
  get: checkoutRecords.get,
  put: checkoutRecords.put,
  async forTab(tabId) {
    const all = await checkoutRecords.all();
    return all.filter((c) => c.tabId === tabId).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  },
  forWindow: async (windowId) => (await checkoutRecords.all()).find((c) => c.windowId === windowId),
};

const signInRecords = sessionRecords<SignIn>('signIn');
const sessionSignIns: SignInStore = {
  get: signInRecords.get,
  put: signInRecords.put,
  forWindow: async (windowId) => (await signInRecords.all()).find((s) => s.windowId === windowId),
};

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
    say: (key, substitutions) => browser.i18n.getMessage(key, substitutions),
    uiLanguage: browser.i18n.getUILanguage(),
    deviceName: deviceName(navigator.userAgent, (key, ...subs) => browser.i18n.getMessage(key, subs)),
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
      // Manifest V2 (the Firefox build) names it browserAction.
      const action = browser.action ?? browser.browserAction;
      await action.setBadgeBackgroundColor({ tabId, color: '#5c4300' });
      await action.setBadgeText({ tabId, text });
    },
    checkouts: sessionCheckouts,
    signIns: sessionSignIns,
    pageMerchants: {
      async get(tabId) {
        return (await browser.storage.session.get(`tabMerchant:${tabId}`))[`tabMerchant:${tabId}`] as
          string | undefined;
      },
      async set(tabId, merchantId) {
        await browser.storage.session.set({ [`tabMerchant:${tabId}`]: merchantId });
      },
    },
    async openWindow(path) {
      const opened = await browser.windows.create({
        url: browser.runtime.getURL(path as '/pay.html'),
        type: 'popup',
        focused: true,
        ...WINDOW_SIZE,
      });
      return opened!.id!;
    },
    async focusWindow(windowId) {
      try {
        await browser.windows.update(windowId, { focused: true });
        return true;
      } catch {
        return false;
      }
    },
    async closeWindow(windowId) {
      await browser.windows.remove(windowId).catch(() => undefined);
    },
    async tellTab(tabId, result) {
      await browser.tabs.sendMessage(tabId, result, { frameId: 0 });
    },
    pageScripts: browserPageScripts,
    async notify(id, title, text) {
      await browser.notifications.create(id, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title,
        message: text,
      });
    },
    alarms: {
      async start(name, periodInMinutes) {
        await browser.alarms.create(name, { periodInMinutes });
      },
      async stop(name) {
        await browser.alarms.clear(name);
      },
    },
    newId: () => crypto.randomUUID(),
    now: () => new Date(),
    log: (...args) => console.error('[pouch]', ...args),
  };
}

/** Registers every listener synchronously, as MV3 requires for a worker woken by an event. */
export function startBackground(defaultPlatformUrl: string): void {
  const ctx = workerContext(defaultPlatformUrl);
  const route = createRouter(handlers, ctx);
  // The listener answers with a promise: webextension-polyfill sends its value back to the sender.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  browser.runtime.onMessage.addListener((message, sender) => route(message, sender));
  // Closing the sheet cancels its checkout, unless it was paid or agreed.
  browser.windows.onRemoved.addListener((windowId) => {
    void (async () => {
      const checkout = await ctx.checkouts.forWindow(windowId);
      if (!checkout || checkoutOver(checkout)) return;
      const pending = (await (await ctx.db()).getAll('pending')).some((p) => p.checkoutId === checkout.id);
      if (pending) return; // a payment is on its way: it ends the checkout, not the closed window
      await endCheckout(
        ctx,
        checkout,
        { type: 'checkout.result', orderId: checkout.view.orderId, outcome: 'failed', reason: 'cancelled' },
        { state: 'failed' },
      );
    })().catch((error) => ctx.log('cancelling a closed checkout failed', error));
    // Closing the consent window without agreeing is a "no".
    void (async () => {
      const signIn = await ctx.signIns.forWindow(windowId);
      if (signIn) await failSignIn(ctx, signIn, 'cancelled');
    })().catch((error) => ctx.log('cancelling a closed sign-in failed', error));
  });
  // The partner directory decides where the checkout script runs: read it when Pouch is installed or
  // updated, when the browser starts, and every few minutes (and each time the popup opens).
  const refreshDirectory = () => void syncDirectory(ctx).catch((error) => ctx.log('directory refresh failed', error));
  const scheduleDirectory = () => {
    refreshDirectory();
    ctx.alarms
      .start(DIRECTORY_ALARM, DIRECTORY_REFRESH_MINUTES)
      .catch((error) => ctx.log('scheduling the directory refresh failed', error));
  };
  browser.runtime.onInstalled.addListener(scheduleDirectory);
  browser.runtime.onStartup.addListener(scheduleDirectory);
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === DIRECTORY_ALARM) refreshDirectory();
    if (alarm.name === NEWS_ALARM) void checkNews(ctx).catch((error) => ctx.log('checking news failed', error));
    if (alarm.name === AUTO_LOCK_ALARM) void lockIfIdle(ctx).catch((error) => ctx.log('auto-locking failed', error));
  });
  // A news notification opens the message's link, which the platform allows only on the shop's own site.
  browser.notifications.onClicked.addListener((messageId) => {
    void (async () => {
      const message = await (await ctx.db()).get('inbox', messageId);
      if (message?.link) await browser.tabs.create({ url: message.link });
      await browser.notifications.clear(messageId);
    })().catch((error) => ctx.log('opening a news notification failed', error));
  });
  void resumePendingPayments(ctx).catch((error) => ctx.log('resuming pending payments failed', error));
  void resumePendingMoves(ctx).catch((error) => ctx.log('resuming pending top-ups and withdrawals failed', error));
}

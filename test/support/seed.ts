import type { Page } from 'playwright-core';

/** The page-side API that `page.evaluate` callbacks use; they run in the extension page, not in Node. */
declare const chrome: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  storage: { session: { set(items: object): Promise<void> } };
};

type Seed = Record<string, { key?: string; value: unknown }[]>;

/**
 * Puts records straight into the extension's IndexedDB from one of its pages (same origin as the
 * worker). The worker is asked first, so the database exists at its current version. A seeded account
 * comes unlocked (a session in `storage.session`, as after the PIN) unless `locked` is asked for.
 */
export async function seedWallet(page: Page, seed: Seed, options: { locked?: boolean } = {}): Promise<void> {
  await page.evaluate(() => chrome.runtime.sendMessage({ type: 'wallet.overview' }));
  await page.evaluate(async (records) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('pouch');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction(Object.keys(records), 'readwrite');
    for (const [store, rows] of Object.entries(records)) {
      for (const row of rows) tx.objectStore(store).put(row.value, row.key);
    }
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, seed);
  const account = seed.account?.[0]?.value as { walletId: string } | undefined;
  if (account && !options.locked) {
    const hour = new Date(Date.now() + 3600_000).toISOString();
    const session = {
      walletId: account.walletId,
      token: 'seeded',
      expiresAt: hour,
      idleUntil: hour,
      autoLockMinutes: 60,
    };
    await page.evaluate((s) => chrome.storage.session.set({ platformSession: s }), session);
  }
}

/** Sends one message from an extension page, as the popup would. */
export function sendFrom(page: Page, message: unknown): Promise<any> {
  return page.evaluate((m) => chrome.runtime.sendMessage(m), message);
}

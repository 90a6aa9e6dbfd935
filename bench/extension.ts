/**
 * The extension's speed and size in real Chromium, with a heavy wallet: 10,000 transactions and
 * 500 coupons. Run with `npm run bench` (it builds first). Prints a table; targets are in the README.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { EXTENSION_DIR, launchWallet } from '../test/support/chromium';
import { seedWallet, sendFrom } from '../test/support/seed';
import { account, coupon, transaction } from '../test/support/wallet-fixtures';
import { bestCoupon } from '../protocol/coupons';
import { printTable, timing } from './stats';

const RUNS = 15;

/** Every script popup.html loads: its module entry and the chunks it preloads. */
function popupScripts(): string[] {
  const html = readFileSync(join(EXTENSION_DIR, 'popup.html'), 'utf8');
  return [...html.matchAll(/(?:src|href)="([^"]+\.js)"/g)].map((m) => join(EXTENSION_DIR, m[1]!));
}

const wallet = await launchWallet();
try {
  const page = await wallet.context.newPage();
  await page.goto(wallet.popupUrl);
  const year = Date.now() + 365 * 24 * 3600 * 1000;
  await seedWallet(page, {
    account: [{ key: 'self', value: account }],
    balances: [{ value: { currency: 'CNY', amount: 8_888_800 } }],
    transactions: Array.from({ length: 10_000 }, (_, i) => ({ value: transaction(i) })),
    coupons: Array.from({ length: 500 }, (_, i) => ({
      value: coupon(i, new Date(year - i * 3_600_000).toISOString()),
    })),
  });

  const balanceVisible: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const popup = await wallet.context.newPage();
    await popup.goto(wallet.popupUrl);
    await popup.getByTestId('balance').waitFor();
    const mark = await popup.evaluate(() => performance.getEntriesByName('pouch:balance-visible')[0]?.startTime ?? NaN);
    balanceVisible.push(mark);
    await popup.close();
  }

  const first = await sendFrom(page, { type: 'transactions.page', limit: 20 });
  const nextPage: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    nextPage.push(
      await page.evaluate(async (cursor) => {
        const start = performance.now();
        await (globalThis as any).chrome.runtime.sendMessage({ type: 'transactions.page', cursor, limit: 20 });
        return performance.now() - start;
      }, first.data.nextCursor),
    );
  }

  const cdp = await wallet.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  const coldStart: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await cdp.send('ServiceWorker.stopAllWorkers');
    await page.waitForTimeout(100);
    coldStart.push(
      await page.evaluate(async () => {
        const start = performance.now();
        await (globalThis as any).chrome.runtime.sendMessage({ type: 'wallet.overview' });
        return performance.now() - start;
      }),
    );
  }

  // Loyalty load: 1,000 claimed coupons and 1,000 inbox messages on top of the history.
  const soon = Date.now() + 30 * 24 * 3600 * 1000;
  await seedWallet(page, {
    coupons: Array.from({ length: 1_000 }, (_, i) => ({
      value: coupon(10_000 + i, new Date(soon - i * 60_000).toISOString()),
    })),
    inbox: Array.from({ length: 1_000 }, (_, i) => ({
      value: {
        id: `n${i}`,
        merchantId: 'm_shop',
        merchantName: 'Demo Shop',
        text: `News ${i}`,
        receivedAt: new Date(Date.now() - i * 60_000).toISOString(),
        unread: i % 2,
      },
    })),
  });
  const loadedBalance: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const popup = await wallet.context.newPage();
    await popup.goto(wallet.popupUrl);
    await popup.getByTestId('balance').waitFor();
    loadedBalance.push(
      await popup.evaluate(() => performance.getEntriesByName('pouch:balance-visible')[0]?.startTime ?? NaN),
    );
    await popup.close();
  }

  // The best-coupon rule over 1,000 coupons, as the sheet runs it.
  const claimed = Array.from({ length: 1_000 }, (_, i) => coupon(i, new Date(soon - i * 60_000).toISOString()));
  const choose: number[] = [];
  for (let i = 0; i < 200; i++) {
    const start = performance.now();
    bestCoupon(claimed, { amount: 12_800, currency: 'CNY' }, new Date());
    choose.push(performance.now() - start);
  }

  const scripts = popupScripts();
  const bytes = scripts.reduce((sum, file) => sum + statSync(file).size, 0);
  const gzipped = scripts.reduce((sum, file) => sum + gzipSync(readFileSync(file)).length, 0);
  const workerBytes = statSync(join(EXTENSION_DIR, 'background.js')).size;

  printTable('Extension (Chromium, 10,000 transactions, 500 coupons)', [
    timing('popup: navigation → balance visible', balanceVisible, 'p50 ≤ 100 ms'),
    timing('history: next page of 20', nextPage),
    timing('popup with +1,000 coupons and 1,000 messages: balance visible', loadedBalance, 'p50 ≤ 100 ms'),
    timing('best coupon among 1,000 (Node)', choose, '< 5 ms'),
    timing('worker: cold start → first reply', coldStart),
  ]);
  printTable('Sizes', [
    {
      file: `popup JS (${scripts.length} files, minified)`,
      bytes: `${(bytes / 1024).toFixed(1)} KB`,
      gzip: `${(gzipped / 1024).toFixed(1)} KB`,
      target: '≤ 60 KB',
    },
    { file: 'background.js', bytes: `${(workerBytes / 1024).toFixed(1)} KB`, gzip: '', target: '' },
  ]);
} finally {
  await wallet.close();
}

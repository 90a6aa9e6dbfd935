/**
 * A new shopper's way from a fresh install to the first payment on the demo shop, as clicks and
 * seconds: open the popup, create the wallet, type back the recovery code's last group, add a card,
 * top up, buy at the shop and pay. Part of `npm run bench`. Typing is scripted (instant); the seconds
 * are the product's own: its pages, the platform's answers, the click guard's moment of rest.
 * Pointing the wallet at this local platform (Advanced → Platform address) is not counted: a real
 * install uses the default.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { startShop } from '../merchant/demo-shop/server';
import { startPlatform } from '../platform/server';
import { DEMO_CARD } from '../scripts/demo-wallet';
import { launchWallet } from '../test/support/chromium';
import { testConfig } from '../test/support/config';
import { clickPouchButton } from '../test/support/popup-actions';
import { percentile, printTable } from './stats';

const RUNS = 3;
const PIN = '135790';

const platform = await startPlatform(testConfig({ contractChecks: false }), 0);
const shop = await startShop({
  platformUrl: platform.url,
  dataDir: mkdtempSync(join(tmpdir(), 'pouch-bench-first-')),
  port: 0,
});

/** One new shopper, in a browser with the extension just installed: the clicks and the seconds it took. */
async function firstPayment(): Promise<{ clicks: number; seconds: number }> {
  const wallet = await launchWallet();
  let clicks = 0;
  const click = async (target: Locator) => {
    clicks++;
    await target.click();
  };
  try {
    const started = Date.now();
    const popup = await wallet.context.newPage();
    clicks++; // the toolbar button opens the popup
    await popup.goto(wallet.popupUrl);
    await popup.getByLabel('Payment PIN').fill(PIN);
    await popup.getByLabel('Repeat the PIN').fill(PIN);
    await popup.getByText('Advanced').click();
    await popup.getByLabel('Platform address').fill(platform.url);
    await click(popup.getByRole('button', { name: 'Create wallet' }));
    const code = (await popup.getByTestId('recovery-code').textContent())!.trim();
    await popup.getByLabel('Type the last group of four').fill(code.slice(-4));
    await click(popup.getByRole('button', { name: 'Continue' }));

    await click(popup.getByRole('button', { name: 'Add card' }));
    await popup.getByLabel('Card number').fill(DEMO_CARD);
    await popup.getByLabel('Expiry (MM/YY)').fill('12/30');
    await popup.getByLabel('CVC').fill('123');
    await popup.getByLabel('Name on card').fill('Li Lei');
    await click(popup.getByRole('button', { name: 'Save card' }));
    await click(popup.getByRole('button', { name: 'Top up', exact: true }));
    await popup.getByLabel('Amount (Chinese Yuan)').fill('200');
    await click(popup.getByRole('button', { name: 'Top up now' }));
    await popup.getByRole('status').filter({ hasText: 'Topped up' }).waitFor();

    const page = await wallet.context.newPage();
    await page.goto(shop.url);
    await click(page.locator('form', { hasText: '¥100 mobile top-up' }).getByRole('button', { name: 'Buy' }));
    clicks++; // Pay with Pouch
    const [sheet] = await Promise.all([wallet.context.waitForEvent('page'), clickPouchButton(page, 'pay')]);
    await sheet.locator('button[data-armed="true"]').waitFor();
    await click(sheet.getByRole('button', { name: /^Pay / }));
    await page.locator('#status', { hasText: 'Order paid' }).waitFor();
    return { clicks, seconds: (Date.now() - started) / 1000 };
  } finally {
    await wallet.close();
  }
}

try {
  const runs: { clicks: number; seconds: number }[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await firstPayment());
  const seconds = runs.map((run) => run.seconds);
  printTable(`A new shopper: fresh install → first payment on the demo shop (Chromium, ${RUNS} runs)`, [
    { measure: 'clicks besides typing', p50: String(runs[0]!.clicks), p95: '', target: '≤ 10' },
    {
      measure: 'seconds, typing scripted',
      p50: `${percentile(seconds, 50).toFixed(1)} s`,
      p95: `${percentile(seconds, 95).toFixed(1)} s`,
      target: '',
    },
  ]);
} finally {
  await shop.close();
  await platform.close();
}

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdingProxy } from '../support/holding-proxy';
import { addCard, openSheet, walletAtShop, type WalletAtShop } from '../support/shop';

let world: WalletAtShop;
let env: WalletAtShop['env'];
let wallet: WalletAtShop['wallet'];
let popup: Page;
let proxy: Awaited<ReturnType<typeof holdingProxy>>;

beforeAll(async () => {
  world = await walletAtShop({
    topUp: '300',
    platformUrl: async (started) => (proxy = await holdingProxy(started.platform.url)).url,
  });
  ({ env, wallet, popup } = world);
  await addCard(popup, '6200 0000 0000 0021');
});
afterAll(async () => {
  await world?.close();
  await proxy?.close();
});

async function buy(product: string): Promise<{ shop: Page; sheet: Page }> {
  const shop = await wallet.context.newPage();
  await shop.goto(env.shop.url);
  await shop.locator('form', { hasText: product }).getByRole('button', { name: 'Buy' }).click();
  return { shop, sheet: await openSheet(wallet.context, shop) };
}

const payments = () => env.platform.platform.db.selectFrom('payments').selectAll().execute();

describe('payments that meet trouble', () => {
  it('explains a card with no funds, and lets the user pay another way', async () => {
    const { shop, sheet } = await buy('¥50 mobile top-up');
    await sheet.getByLabel('UnionPay •••• 0021').check();
    await sheet.getByRole('button', { name: /^Pay / }).click();
    await expect.poll(() => sheet.getByRole('alert').textContent()).toContain('insufficient funds');
    await sheet.getByRole('radio', { name: /Balance/ }).check();
    await sheet.getByRole('button', { name: /^Pay / }).click();
    await sheet.getByTestId('paid').waitFor();
    await expect.poll(() => shop.locator('#status').textContent(), { timeout: 10_000 }).toBe('Order paid. Thank you!');
    await sheet.close();
  });

  it('says when the platform is unreachable, and the retry pays once', async () => {
    const before = (await payments()).length;
    const { shop, sheet } = await buy('Jade Dragon Online — 680 points');
    proxy.setDown(true);
    await sheet.getByRole('button', { name: /^Pay / }).click();
    await expect.poll(() => sheet.getByRole('alert').textContent()).toContain('cannot reach');
    proxy.setDown(false);
    await sheet.getByRole('button', { name: 'Retry' }).click();
    await sheet.getByTestId('paid').waitFor();
    expect((await payments()).length).toBe(before + 1);
    await expect.poll(() => shop.locator('#status').textContent(), { timeout: 10_000 }).toBe('Order paid. Thank you!');
    await sheet.close();
  });

  it('finishes a payment whose reply was lost when the worker stopped: one charge, and the user sees it', async () => {
    const before = await payments();
    const { shop, sheet } = await buy('¥100 mobile top-up');
    proxy.hold((method, path) => method === 'POST' && path === '/v1/payments');
    await sheet.getByRole('button', { name: /^Pay / }).click();
    await proxy.held;

    const cdp = await wallet.context.newCDPSession(popup);
    await cdp.send('ServiceWorker.enable');
    const stopped = new Promise<void>((resolve) =>
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
        if (versions.some((v: { runningStatus: string }) => v.runningStatus === 'stopped')) resolve();
      }),
    );
    await cdp.send('ServiceWorker.stopAllWorkers');
    await stopped;
    proxy.release();

    await popup.reload();
    await expect
      .poll(() => shop.locator('#status').getAttribute('data-payment-id'), { timeout: 15_000 })
      .toMatch(/^pay_/);
    await expect.poll(() => shop.locator('#status').textContent(), { timeout: 10_000 }).toBe('Order paid. Thank you!');
    const after = await payments();
    expect(after.length).toBe(before.length + 1);
    expect(after.filter((p) => p.amount === 9_800)).toHaveLength(1);
    await popup.reload();
    await expect.poll(() => popup.getByTestId('balance').textContent()).toBe('¥84.50');
    const rows = await popup.getByTestId('recent').locator('li').allTextContents();
    expect(rows.filter((row) => row.includes('¥100 mobile top-up'))).toHaveLength(1);
    expect(
      await popup.evaluate(() => (globalThis as any).chrome.runtime.sendMessage({ type: 'wallet.overview' })),
    ).toMatchObject({ ok: true });
    await cdp.detach();
    await sheet.close().catch(() => undefined);
  });

  it('tops up once when the reply to the first try is lost and the user tries again', async () => {
    const topUps = () =>
      env.platform.platform.db.selectFrom('transfers').select('id').where('kind', '=', 'topup').execute();
    const before = (await topUps()).length;
    await popup.reload();
    const balance = await popup.getByTestId('balance').textContent();
    proxy.hold((method, path) => method === 'POST' && path === '/v1/wallet/topups');
    await popup.getByRole('button', { name: 'Top up' }).click();
    await popup.getByLabel('Amount (Chinese Yuan)').fill('50');
    await popup.getByRole('button', { name: 'Top up now' }).click();
    await proxy.held;
    // The platform charged the card and credited the wallet; the answer never arrives.
    expect((await topUps()).length).toBe(before + 1);
    proxy.drop();
    await expect.poll(() => popup.getByRole('alert').textContent()).toContain('cannot reach');
    expect(await popup.getByTestId('balance').textContent()).toBe(balance);
    await popup.getByRole('button', { name: 'Top up now' }).click();
    await popup.getByRole('button', { name: /^(Top up now|Topping up…)$/ }).waitFor({ state: 'detached' });
    expect((await topUps()).length).toBe(before + 1);
    const cents = Number(balance!.replace(/[^\d.]/g, '')) * 100 + 5_000;
    await expect.poll(() => popup.getByTestId('balance').textContent()).toBe(`¥${(cents / 100).toFixed(2)}`);
  });

  // Last in this file: it reloads the extension, as an update does, and the wallet's worker with it.
  it('takes its button off an open page when the extension is updated: nothing of the old script stays', async () => {
    const shop = await wallet.context.newPage();
    await shop.goto(env.shop.url);
    await shop.locator('form', { hasText: '¥50 mobile top-up' }).getByRole('button', { name: 'Buy' }).click();
    await shop.locator('pouch-pay').waitFor();
    await wallet.worker.evaluate(() => (globalThis as any).chrome.runtime.reload());
    // The old content script finds its extension gone at its next tick and removes what it put there.
    await shop.locator('pouch-pay').waitFor({ state: 'detached', timeout: 10_000 });
    expect(await shop.locator('pouch-pay').count()).toBe(0);
  });
});

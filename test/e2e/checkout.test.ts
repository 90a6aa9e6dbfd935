import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { opensNoWindow } from '../support/page-timing';
import { openSheet, withWalletAtShop, type WalletAtShop } from '../support/shop';

let env: WalletAtShop['env'];
let wallet: WalletAtShop['wallet'];
let popup: Page;
withWalletAtShop({ topUp: '500' }, (world) => ({ env, wallet, popup } = world));

const balance = async () => {
  await popup.reload();
  return popup.getByTestId('balance').textContent();
};

describe('one-click checkout at the demo shop', () => {
  it('buys a phone top-up in one click; the shop ships on the webhook', async () => {
    expect(await balance()).toBe('¥500.00');
    const shop = await wallet.context.newPage();
    await shop.goto(env.shop.url);
    await shop.screenshot({ path: 'test-results/demo-shop.png', fullPage: true });
    await shop.locator('form', { hasText: '¥100 mobile top-up' }).getByRole('button', { name: 'Buy' }).click();
    await shop.waitForURL(/\/checkout\//);
    expect(await shop.locator('pouch-pay').textContent()).toBe('');
    const sheet = await openSheet(wallet.context, shop);
    await sheet.getByTestId('amount').waitFor();
    expect(await sheet.getByRole('heading', { level: 1 }).textContent()).toBe('Pay \u2068Pouch Demo Shop\u2069');
    expect(await sheet.getByTestId('origin').textContent()).toContain(env.shop.url);
    expect(await sheet.getByTestId('amount').textContent()).toBe('¥98.00');
    expect(await sheet.getByTestId('balance-after').textContent()).toContain('¥402.00');
    await shop.screenshot({ path: 'test-results/checkout.png' });
    await sheet.screenshot({ path: 'test-results/payment-sheet.png', fullPage: true });
    await sheet.getByRole('button', { name: 'Pay ¥98.00' }).click();
    await sheet.getByTestId('paid').waitFor();
    await expect.poll(() => shop.locator('#status').textContent(), { timeout: 10_000 }).toBe('Order paid. Thank you!');
    expect(await shop.locator('#status').getAttribute('data-payment-id')).toMatch(/^pay_/);
    expect(await balance()).toBe('¥402.00');
    expect(await popup.getByTestId('recent').locator('li').first().textContent()).toContain('Pouch Demo Shop');
    await sheet.close();

    // Paid, the page's button is an inert "Paid ✓": a click opens nothing and tells the page no failure.
    await shop.screenshot({ path: 'test-results/checkout-paid.png' });
    await opensNoWindow(
      (timeout) => wallet.context.waitForEvent('page', { timeout }),
      () => shop.locator('pouch-pay').click({ force: true }),
    );
    expect(await shop.locator('#status').textContent()).toBe('Order paid. Thank you!');
  });
});

describe('above the password-free limit', () => {
  it('asks for the PIN, and five wrong PINs lock it', async () => {
    const before = await balance();
    const shop = await wallet.context.newPage();
    await shop.goto(env.shop.url);
    await shop.locator('form', { hasText: 'Shanghai → Beijing' }).getByRole('button', { name: 'Buy' }).click();
    const sheet = await openSheet(wallet.context, shop);
    await sheet.getByLabel('UnionPay •••• 0005').check();
    const pin = sheet.getByLabel('Payment PIN');
    await pin.waitFor();
    const pay = sheet.getByRole('button', { name: 'Pay ¥680.00' });
    expect(await pay.isDisabled()).toBe(true);
    for (let attempt = 1; attempt <= 4; attempt++) {
      await pin.fill('000000');
      await pay.click();
      await expect.poll(() => sheet.getByRole('alert').textContent()).toContain(`${5 - attempt} tries left`);
    }
    await pin.fill('000000');
    await pay.click();
    await expect.poll(() => sheet.getByRole('alert').textContent()).toContain('locked for 15 minutes');
    await pin.fill('135790');
    await pay.click();
    await expect.poll(() => sheet.getByRole('alert').textContent()).toContain('locked for 15 minutes');
    await sheet.screenshot({ path: 'test-results/payment-sheet-pin-locked.png', fullPage: true });
    expect(await balance()).toBe(before);
    expect(
      await env.platform.platform.db.selectFrom('payments').select('id').where('amount', '=', 68_000).execute(),
    ).toEqual([]);
    await sheet.close();
    await expect.poll(() => shop.locator('#status').getAttribute('data-reason')).toBe('cancelled');
  });
});

describe('a single-page checkout', () => {
  it('finds the tag the page inserts after load and pays it', async () => {
    const shop = await wallet.context.newPage();
    await shop.goto(`${env.shop.url}/test/spa`);
    expect(await shop.locator('pouch-pay').count()).toBe(0);
    await shop.getByRole('button', { name: 'Check out ¥128.00' }).click();
    const sheet = await openSheet(wallet.context, shop);
    await sheet.getByRole('radio', { name: /UnionPay/ }).check();
    await sheet.getByRole('button', { name: 'Pay ¥128.00' }).click();
    await sheet.getByTestId('paid').waitFor();
    await expect.poll(() => shop.locator('#status').textContent()).toMatch(/^Paid: pay_/);
    await sheet.close();
  });
});

describe('a partner’s page with no tag and no partner meta', () => {
  it('gets no button and costs no message (pages of origins no partner lists get no script: partner-origins.test.ts)', async () => {
    await wallet.worker.evaluate(() => {
      const scope = globalThis as unknown as { pouchTestMessages: number; chrome: any };
      scope.pouchTestMessages = 0;
      scope.chrome.runtime.onMessage.addListener(() => void scope.pouchTestMessages++);
    });
    const page = await wallet.context.newPage();
    await page.goto(`${env.shop.url}/test/non-partner`);
    // Nothing to await for a script that does nothing: the time a partner page's button takes to appear.
    await page.waitForTimeout(500);
    expect(await page.locator('pouch-pay').count()).toBe(0);
    expect(
      await wallet.worker.evaluate(() => (globalThis as unknown as { pouchTestMessages: number }).pouchTestMessages),
    ).toBe(0);
    const partner = await wallet.context.newPage();
    await partner.goto(env.shop.url);
    await expect
      .poll(() =>
        wallet.worker.evaluate(() => (globalThis as unknown as { pouchTestMessages: number }).pouchTestMessages),
      )
      .toBe(1);
  });
});

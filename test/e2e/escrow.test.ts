import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { balanceOf } from '../../platform/ledger/ledger';
import { openSheet, withWalletAtShop, type WalletAtShop } from '../support/shop';

let env: WalletAtShop['env'];
let wallet: WalletAtShop['wallet'];
let popup: Page;
withWalletAtShop({ topUp: '600' }, (world) => ({ env, wallet, popup } = world));

describe('an air ticket paid into escrow', () => {
  it('holds the money until the traveller confirms receipt in the popup, then pays the shop', async () => {
    const merchantId = env.shop.credentials.merchantId;
    const shop = await wallet.context.newPage();
    await shop.goto(env.shop.url);
    await shop.locator('form', { hasText: 'Guangzhou → Chengdu' }).getByRole('button', { name: 'Buy' }).click();
    const sheet = await openSheet(wallet.context, shop);
    await sheet.getByLabel('Payment PIN').fill('135790');
    await sheet.getByRole('button', { name: /^Pay / }).click();
    await sheet.getByTestId('paid').waitFor();
    await sheet.close();
    expect(await balanceOf(env.platform.platform.db, `escrow:${merchantId}:CNY`)).toBe(52_000);
    expect(await balanceOf(env.platform.platform.db, `merchant_pending:${merchantId}:CNY`)).toBe(0);

    await popup.reload();
    const row = popup.getByTestId('transactions').locator('li', { hasText: 'Guangzhou → Chengdu' }).first();
    await expect.poll(() => row.textContent()).toContain('Held until you confirm');
    await popup.screenshot({ path: 'test-results/popup-escrow.png', fullPage: true });
    await row.getByRole('button', { name: 'Confirm receipt' }).click();
    await expect
      .poll(() => popup.getByTestId('transactions').textContent())
      .toContain('Released to \u2068Pouch Demo Shop\u2069');
    expect(await balanceOf(env.platform.platform.db, `escrow:${merchantId}:CNY`)).toBe(0);
    expect(await balanceOf(env.platform.platform.db, `merchant_pending:${merchantId}:CNY`)).toBe(52_000);
    expect(await popup.getByTestId('balance').textContent()).toBe('¥80.00');
  });
});

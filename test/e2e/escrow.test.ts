import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { merchantApi } from '../../merchant/kit/src/api';
import { balanceOf } from '../../platform/ledger/ledger';
import { seriousFaults } from '../support/axe';
import { detailsOn } from '../support/popup-actions';
import { openSheet, withWalletAtShop, type WalletAtShop } from '../support/shop';

let env: WalletAtShop['env'];
let wallet: WalletAtShop['wallet'];
let popup: Page;
withWalletAtShop({ topUp: '1300' }, (world) => ({ env, wallet, popup } = world));

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
    const row = popup.getByTestId('recent').locator('li', { hasText: 'Guangzhou → Chengdu' }).first();
    await expect.poll(() => row.textContent()).toContain('Held until you confirm');
    // The line opens its own screen, where receipt is confirmed.
    await row.getByRole('button').click();
    expect(await detailsOn(popup)).toMatchObject({ Status: 'Held until you confirm', Shop: 'Pouch Demo Shop' });
    await popup.screenshot({ path: 'test-results/popup-escrow.png', fullPage: true });
    await popup.getByRole('button', { name: 'Confirm receipt' }).click();
    await expect
      .poll(() => popup.getByRole('status').allTextContents())
      .toContain('Receipt confirmed: the shop has been paid.');
    expect(await popup.getByTestId('recent').textContent()).toContain('Released to \u2068Pouch Demo Shop\u2069');
    expect(await balanceOf(env.platform.platform.db, `escrow:${merchantId}:CNY`)).toBe(0);
    expect(await balanceOf(env.platform.platform.db, `merchant_pending:${merchantId}:CNY`)).toBe(52_000);
    expect(await popup.getByTestId('balance').textContent()).toBe('¥780.00');
  });

  it('asks for a refund from the line’s screen, with a reason, and the money stays held', async () => {
    const merchantId = env.shop.credentials.merchantId;
    const shop = await wallet.context.newPage();
    await shop.goto(env.shop.url);
    await shop.locator('form', { hasText: 'Shanghai → Beijing' }).getByRole('button', { name: 'Buy' }).click();
    const sheet = await openSheet(wallet.context, shop);
    await sheet.getByLabel('Payment PIN').fill('135790');
    await sheet.getByRole('button', { name: /^Pay / }).click();
    await sheet.getByTestId('paid').waitFor();
    await sheet.close();
    await shop.close();

    await popup.reload();
    const row = popup.getByTestId('recent').locator('li', { hasText: 'Shanghai → Beijing' }).first();
    await expect.poll(() => row.textContent()).toContain('Held until you confirm');
    await row.getByRole('button').click();
    await popup.getByRole('button', { name: 'Ask for a refund' }).click();
    // No reason, no request: said beside the form, nothing sent.
    await popup.getByRole('button', { name: 'Ask for a refund' }).click();
    await expect
      .poll(() => popup.getByRole('alert').textContent())
      .toBe('Say in a few words why you want the money back.');
    await popup.getByLabel('Why do you want the money back?').fill('The flight was cancelled');
    await popup.getByRole('button', { name: 'Ask for a refund' }).click();
    await expect
      .poll(() => popup.getByRole('status').allTextContents())
      .toContain('Refund asked for. The shop will answer; the money stays held meanwhile.');
    await expect.poll(() => row.textContent()).toContain('Refund asked');
    expect(await balanceOf(env.platform.platform.db, `escrow:${merchantId}:CNY`)).toBe(68_000);
    expect(await popup.getByTestId('balance').textContent()).toBe('¥100.00');

    // The shop declines, saying why: the traveller reads it on the line's screen, and may ask again.
    const payments = await shopApi().listPayments();
    const asked = payments.items.find((p) => p.escrow?.state === 'refund_requested')!;
    expect(asked.escrow?.requestReason).toBe('The flight was cancelled');
    await shopApi().declineRefundRequest(asked.id, 'The flight left on time; see your boarding pass.');
    await popup.reload();
    await expect.poll(() => row.textContent()).toContain('Held until you confirm');
    await row.getByRole('button').click();
    await expect
      .poll(() => popup.getByTestId('refund-declined').locator('p').allTextContents())
      .toEqual(['The shop declined your refund request:', 'The flight left on time; see your boarding pass.']);
    expect(await seriousFaults(popup)).toEqual([]);
    await popup.getByRole('button', { name: 'Ask for a refund' }).waitFor();
  });
});

const shopApi = () => merchantApi(env.platform.url, env.shop.credentials.apiKey);

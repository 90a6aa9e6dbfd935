import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWallet, type WalletBrowser } from '../support/chromium';
import { seedWallet } from '../support/seed';
import { account, transaction } from '../support/wallet-fixtures';

let wallet: WalletBrowser;
let page: Page;

beforeAll(async () => {
  wallet = await launchWallet({ locale: 'zh-CN' });
  page = await wallet.context.newPage();
  await page.setViewportSize({ width: 360, height: 600 });
  await page.goto(wallet.popupUrl);
});
afterAll(() => wallet?.close());

describe('the popup in a Chinese browser', () => {
  it('speaks Chinese on onboarding', async () => {
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('欢迎使用 Pouch');
    expect(await page.getByRole('button', { name: '创建钱包' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: '我已有 Pouch 钱包' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toMatch(/^zh/);
  });

  it('formats money and dates for zh-CN', async () => {
    await seedWallet(page, {
      account: [{ key: 'self', value: account }],
      balances: [{ value: { currency: 'CNY', amount: 12800 } }],
      transactions: [{ value: transaction(3) }],
    });
    await page.reload();
    await expect.poll(() => page.getByTestId('balance').textContent()).toBe('¥128.00');
    expect(await page.getByRole('heading', { name: '最近交易' }).isVisible()).toBe(true);
    expect(await page.getByTestId('recent').textContent()).toContain('2026年1月1日');
    await page.screenshot({ path: 'test-results/popup-zh.png', fullPage: true });
    await page.getByRole('button', { name: '设置' }).click();
    await page.getByRole('heading', { name: '安全' }).waitFor();
    await page.screenshot({ path: 'test-results/popup-zh-settings.png', fullPage: true });
  });

  it('asks for the PIN in Chinese when locked', async () => {
    await page.evaluate(() => (globalThis as any).chrome.storage.session.clear());
    await page.reload();
    await page.getByRole('heading', { name: 'Pouch 已锁定' }).waitFor();
    expect(await page.getByRole('button', { name: '解锁' }).isVisible()).toBe(true);
    await page.screenshot({ path: 'test-results/popup-zh-locked.png' });
  });
});

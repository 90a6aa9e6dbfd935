import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWallet, type WalletBrowser } from '../support/chromium';
import { pastClickGuard } from '../support/page-timing';
import { openSheet, startPlatformAndShop } from '../support/shop';

/**
 * The Chinese wallet is Chinese: every screen of the popup, the payment sheet before and after paying,
 * and the sign-in consent, read in a zh-CN browser, hold no English word but the few that are names.
 * What a shop wrote (its name, labels, offers, messages) stands in <bdi> or isolates and is the shop's.
 */
const NAMES = new Set([
  'Pouch',
  'PIN',
  'CSV',
  'UnionPay',
  'Visa',
  'Mastercard',
  'American',
  'Express',
  'JCB',
  'MM',
  'YY',
]);

let env: Awaited<ReturnType<typeof startPlatformAndShop>>;
let wallet: WalletBrowser;
let popup: Page;

/** The English words on a page, outside what a shop wrote. */
async function englishOn(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const copy = document.body.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('bdi, script, style').forEach((element) => element.remove());
    return copy.textContent ?? '';
  });
  const words = text.replace(/\u2068[^\u2069]*\u2069/g, ' ').match(/[A-Za-z][A-Za-z'’]*/g) ?? [];
  return [...new Set(words)].filter((word) => !NAMES.has(word));
}

/** A wallet made, given a card and topped up through the background, as the popup's forms would. */
async function newWallet(platformUrl: string): Promise<void> {
  await popup.goto(wallet.popupUrl);
  const failed = await popup.evaluate(async (url) => {
    const send = (message: object) => (globalThis as any).chrome.runtime.sendMessage(message);
    const steps = [
      await send({ type: 'wallet.create', pin: '135790', platformUrl: url }),
      await send({
        type: 'cards.add',
        number: '6200000000000005',
        expMonth: 12,
        expYear: 2030,
        holder: 'Li Lei',
        cvc: '123',
      }),
    ];
    const cardToken = steps[1].data?.token;
    steps.push(await send({ type: 'balance.topup', cardToken, amount: { amount: 50_000, currency: 'CNY' } }));
    return steps.filter((step) => !step.ok);
  }, platformUrl);
  expect(failed).toEqual([]);
}

beforeAll(async () => {
  env = await startPlatformAndShop();
  wallet = await launchWallet({ locale: 'zh-CN' });
  popup = await wallet.context.newPage();
  await popup.setViewportSize({ width: 360, height: 600 });
  await newWallet(env.platform.url);
});
afterAll(async () => {
  await wallet?.close();
  await env?.close();
});

describe('the wallet in a Chinese browser', () => {
  it('pays in Chinese: the sheet before and after paying', async () => {
    const shop = await wallet.context.newPage();
    await shop.goto(env.shop.url);
    await shop.locator('form', { hasText: '¥100 mobile top-up' }).getByRole('button', { name: 'Buy' }).click();
    const sheet = await openSheet(wallet.context, shop);
    await sheet.getByTestId('amount').waitFor();
    await sheet.screenshot({ path: 'test-results/zh-sheet.png', fullPage: true });
    expect(await englishOn(sheet)).toEqual([]);
    await sheet.getByRole('button', { name: /^支付/ }).click();
    await sheet.getByTestId('paid').waitFor();
    await sheet.screenshot({ path: 'test-results/zh-sheet-paid.png', fullPage: true });
    expect(await englishOn(sheet)).toEqual([]);
    await sheet.close();
    await shop.close();
  });

  it.each([
    ['home', null],
    ['settings', '⚙ 设置'],
    ['limits', '免密支付额度'],
    ['connected sites', '查看已登录的网站'],
    ['inbox', /未读消息/],
    ['top-up', '充值'],
    ['add card', '添加银行卡'],
    ['withdraw', '提现'],
  ] as const)('shows the popup’s %s screen in Chinese', async (screen, button) => {
    await popup.reload();
    await popup.locator('[data-sync=synced]').waitFor({ state: 'attached' });
    if (button) await popup.getByRole('button', { name: button }).first().click();
    await popup.waitForLoadState('networkidle');
    await popup.screenshot({ path: `test-results/zh-popup-${screen.replace(/ /g, '-')}.png`, fullPage: true });
    expect(await englishOn(popup)).toEqual([]);
  });

  it('asks for consent to sign in, in Chinese', async () => {
    const shop = await wallet.context.newPage();
    await shop.goto(`${env.shop.url}/account`);
    await shop.locator('pouch-sign-in').waitFor();
    await pastClickGuard();
    const [consent] = await Promise.all([wallet.context.waitForEvent('page'), shop.locator('pouch-sign-in').click()]);
    await consent.getByRole('button', { name: '登录' }).waitFor();
    await consent.screenshot({ path: 'test-results/zh-sign-in-consent.png' });
    expect(await englishOn(consent)).toEqual([]);
    await consent.close();
    await shop.close();
  });

  it('asks for the PIN in Chinese once locked', async () => {
    await popup.getByRole('button', { name: '锁定' }).click();
    await popup.getByRole('heading', { name: 'Pouch 已锁定' }).waitFor();
    expect(await englishOn(popup)).toEqual([]);
  });
});

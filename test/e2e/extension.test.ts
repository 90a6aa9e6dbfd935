import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWallet, type WalletBrowser } from '../support/chromium';
import { seedWallet, sendFrom } from '../support/seed';
import { account, coupon, transaction } from '../support/wallet-fixtures';

let wallet: WalletBrowser;
let page: Page;

beforeAll(async () => {
  wallet = await launchWallet();
  page = await wallet.context.newPage();
  await page.setViewportSize({ width: 360, height: 600 });
  await page.goto(wallet.popupUrl);
});
afterAll(() => wallet?.close());

const soon = new Date(Date.now() + 24 * 3600 * 1000).toISOString();
const later = new Date(Date.now() + 40 * 24 * 3600 * 1000).toISOString();

describe('the built extension in Chromium', () => {
  it('starts its service worker, which answers', async () => {
    expect(wallet.worker.url()).toMatch(/^chrome-extension:\/\/[a-p]{32}\/background\.js$/);
    const reply = await sendFrom(page, { type: 'wallet.overview' });
    expect(reply).toMatchObject({ ok: true, data: { account: null } });
  });

  it('shows onboarding to a new user, with no serious accessibility faults', async () => {
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { name: 'Welcome to Pouch' }).isVisible()).toBe(true);
    await page.getByLabel('Payment PIN').fill('12');
    await page.getByLabel('Repeat the PIN').fill('12');
    await page.getByRole('button', { name: 'Create wallet' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Exactly 6 digits');
    await page.getByLabel('Payment PIN').fill('123456');
    await page.getByLabel('Repeat the PIN').fill('123456');
    await page.getByRole('button', { name: 'Create wallet' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('That PIN is too easy to guess');
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  });

  it('answers malformed messages with typed errors and keeps working', async () => {
    const cases: [unknown, string, string | undefined][] = [
      [{ type: 'wallet.steal' }, 'unknown_message', 'type'],
      [{ nope: true }, 'invalid_request', 'type'],
      ['just a string', 'invalid_request', 'type'],
      [{ type: 'transactions.page', limit: 'ten' }, 'invalid_request', 'limit'],
      [{ type: 'wallet.create', pin: '12345' }, 'invalid_request', 'pin'],
      [{ type: 'merchant.page', merchantId: 'm' }, 'forbidden_sender', undefined],
    ];
    for (const [message, code, field] of cases) {
      const reply = await sendFrom(page, message);
      expect(reply.ok, JSON.stringify(message)).toBe(false);
      expect(reply.error.code).toBe(code);
      if (field) expect(reply.error.issues.map((i: { field: string }) => i.field)).toContain(field);
    }
    expect(await sendFrom(page, { type: 'wallet.overview' })).toMatchObject({ ok: true });
  });

  it('renders a seeded wallet from IndexedDB', async () => {
    await seedWallet(page, {
      account: [{ key: 'self', value: account }],
      balances: [{ value: { currency: 'CNY', amount: 123456 } }, { value: { currency: 'USD', amount: 2500 } }],
      cards: [
        {
          value: {
            token: 'tok_1',
            brand: 'unionpay',
            first6: '622202',
            last4: '4242',
            expMonth: 3,
            expYear: 2029,
            isDefault: true,
            sandbox: true,
          },
        },
      ],
      coupons: [{ value: coupon(1, later) }, { value: coupon(2, soon) }],
      transactions: Array.from({ length: 30 }, (_, i) => ({ value: transaction(i) })),
      inbox: [
        {
          value: {
            id: 'n1',
            merchantId: 'm_shop',
            merchantName: 'Demo Shop',
            text: 'Sale',
            receivedAt: soon,
            unread: 1,
          },
        },
      ],
    });
    await page.reload();
    const balance = page.getByTestId('balance');
    await expect.poll(() => balance.textContent()).toBe('¥1,234.56');
    await expect.poll(() => page.getByText('$25.00').isVisible()).toBe(true);
    expect(await page.getByText('622202').count()).toBe(0);
    expect(await page.getByTestId('unread').textContent()).toBe('1');
    // Home shows the latest three lines; the whole history is a screen away, twenty lines a page.
    expect(await page.getByTestId('recent').locator('li').count()).toBe(3);
    await page.screenshot({ path: 'test-results/popup-en.png', fullPage: true });
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

    // Each screen loads when first opened: the checks wait for it.
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByText('UnionPay •••• 4242').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Coupons and offers' }).click();
    const coupons = page.getByTestId('coupons').locator('li');
    await expect.poll(() => coupons.count()).toBe(2);
    expect(await coupons.first().textContent()).toContain('Expiring soon');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'All activity' }).click();
    const rows = page.getByTestId('transactions').locator('li');
    await expect.poll(() => rows.count()).toBe(20);
    expect(await rows.first().textContent()).toContain('Order 29');
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows.count()).toBe(30);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    // A search runs over what is loaded: every word typed, in the line's words or its amount.
    await page.getByLabel('Search by shop, order or amount').fill('order 2');
    expect(await rows.count()).toBe(10); // Orders 2, 12, 21–29 (20 and 25 are top-ups)
    await page.getByLabel('Search by shop, order or amount').fill('no such shop');
    expect(await rows.count()).toBe(0);
    expect(await page.getByText('No activity matches.').isVisible()).toBe(true);
  });

  it('is usable by keyboard, with a visible focus ring', async () => {
    await page.reload();
    await page.getByTestId('balance').waitFor();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      return { tag: el.tagName, outline: getComputedStyle(el).outlineStyle };
    });
    expect(focused.tag).toBe('BUTTON');
    expect(focused.outline).toBe('solid');
  });

  it('keeps its state when the worker is stopped and woken again', async () => {
    const cdp = await wallet.context.newCDPSession(page);
    const stopped = new Promise<void>((resolve) => {
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
        if (versions.some((v: { runningStatus: string }) => v.runningStatus === 'stopped')) resolve();
      });
    });
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await stopped;
    const reply = await sendFrom(page, { type: 'wallet.overview' });
    expect(reply.ok).toBe(true);
    expect(reply.data.account.walletId).toBe(account.walletId);
    expect(reply.data.balances).toContainEqual({ currency: 'CNY', amount: 123456 });
    expect(reply.data.transactions.items).toHaveLength(20);
    await cdp.detach();
  });
});

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { merchantApi } from '../../merchant/kit/src/index';
import { detailsOn } from '../support/popup-actions';
import { openSheet, withWalletAtShop, type WalletAtShop } from '../support/shop';

/** The extension's own `chrome` global, inside its service worker (see worker.evaluate). */
declare const chrome: typeof import('wxt/browser').browser;

let env: WalletAtShop['env'];
let wallet: WalletAtShop['wallet'];
let popup: Page;
withWalletAtShop({ topUp: '500' }, (world) => ({ env, wallet, popup } = world));

async function messageSubscribers(text: string) {
  const response = await fetch(`${env.platform.url}/v1/merchant/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${env.shop.credentials.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  expect(response.status).toBe(201);
}

describe('coupons, points and news in the wallet', () => {
  it('claims an offer in the popup and has the coupon applied at checkout, earning points', async () => {
    await popup.reload();
    await popup.getByRole('button', { name: 'Coupons and offers' }).click();
    const offer = popup.locator('li', { hasText: '¥10 off orders of ¥50' });
    await offer.getByRole('button', { name: 'Claim' }).click();
    await expect.poll(() => popup.getByTestId('coupons').textContent()).toContain('¥10 off orders of ¥50');
    await popup.screenshot({ path: 'test-results/popup-offers.png', fullPage: true });

    const shop = await wallet.context.newPage();
    await shop.goto(env.shop.url);
    await shop.locator('form', { hasText: '¥100 mobile top-up' }).getByRole('button', { name: 'Buy' }).click();
    const sheet = await openSheet(wallet.context, shop);
    await sheet.getByTestId('to-pay').waitFor();
    expect(await sheet.getByRole('radio', { name: /¥10 off orders of ¥50/ }).isChecked()).toBe(true);
    expect(await sheet.getByTestId('to-pay').textContent()).toContain('¥88.00');
    expect(await sheet.getByTestId('points').textContent()).toBe('You earn 88 points');
    await sheet.getByRole('checkbox', { name: /news/ }).check();
    await sheet.screenshot({ path: 'test-results/payment-sheet-coupon.png', fullPage: true });
    await sheet.getByRole('button', { name: 'Pay ¥88.00' }).click();
    await sheet.getByTestId('paid').waitFor();
    // What the platform charged, not the tag's ¥98.00: the coupon's saving and the points beside it.
    expect(await sheet.getByTestId('paid').textContent()).toBe('You paid ¥88.00 to \u2068Pouch Demo Shop\u2069.');
    expect(await sheet.getByTestId('saved').textContent()).toBe('Coupon and points saved you ¥10.00.');
    expect(await sheet.getByText('You earned 88 points.').isVisible()).toBe(true);
    await sheet.screenshot({ path: 'test-results/payment-sheet-paid-coupon.png', fullPage: true });
    await expect.poll(() => shop.locator('#status').textContent(), { timeout: 10_000 }).toBe('Order paid. Thank you!');
    await sheet.close();

    const payments = await merchantApi(env.platform.url, env.shop.credentials.apiKey).listPayments();
    expect(payments.items[0]).toMatchObject({
      amount: { amount: 9_800 },
      discount: { amount: 1_000 },
      pointsEarned: 88,
    });
    await popup.reload();
    await expect.poll(() => popup.getByTestId('balance').textContent()).toBe('¥412.00');
    expect(await popup.getByTestId('recent').locator('li').first().textContent()).toContain('+88 pts');
    await popup.getByRole('button', { name: 'Points' }).click();
    await expect.poll(() => popup.getByText('88 pts', { exact: true }).isVisible()).toBe(true);
    // The demo shop gives points but does not take them yet: the wallet says so where they show.
    expect(await popup.getByText('This shop does not take points as payment').isVisible()).toBe(true);
    await popup.keyboard.press('Escape');
    await popup.getByRole('button', { name: 'Coupons and offers' }).click();
    await popup.getByText('No coupons yet.').waitFor();
    expect(await popup.getByTestId('coupons').count()).toBe(0);
  });

  it('brings news from a subscribed shop to the inbox, and none after unsubscribing', async () => {
    await messageSubscribers('Weekend deal: double points on game cards');
    await popup.reload();
    await expect.poll(() => popup.getByTestId('unread').textContent()).toBe('1');
    await popup.getByRole('button', { name: '1 unread messages' }).click();
    await expect
      .poll(() => popup.getByTestId('inbox').textContent())
      .toContain('Weekend deal: double points on game cards');
    await popup.screenshot({ path: 'test-results/popup-inbox.png', fullPage: true });
    await expect.poll(() => popup.getByTestId('unread').textContent()).toBe('0');
    await popup.getByTestId('inbox').getByRole('button', { name: 'Unsubscribe' }).click();
    await expect.poll(() => popup.getByTestId('inbox').textContent()).not.toContain('Weekend deal');

    await messageSubscribers('You should not see this');
    await popup.reload();
    await popup.locator('[data-sync=synced]').waitFor({ state: 'attached' });
    expect(await popup.getByTestId('unread').textContent()).toBe('0');
  });

  it('follows the shop from its page in the popup and, with alerts on, shows news as a browser notification', async () => {
    const shop = await wallet.context.newPage();
    await shop.goto(env.shop.url);
    await shop.bringToFront();
    await popup.reload();
    const here = popup.getByTestId('here');
    await here.getByRole('button', { name: 'Get news from \u2068Pouch Demo Shop\u2069' }).click();
    await expect.poll(() => here.textContent()).toContain('You get this shop’s news.');
    await popup.screenshot({ path: 'test-results/popup-here.png' });
    // The offer's one coupon per shopper was claimed and used in the first test: no Claim button now.
    expect(await here.getByRole('button', { name: 'Claim' }).count()).toBe(0);
    expect(await here.getByText('Claimed').count()).toBe(1);
    await popup.getByRole('button', { name: /unread messages/ }).click();
    await popup.getByRole('checkbox', { name: 'Notify me when a shop I follow sends news' }).check();
    await expect
      .poll(() => wallet.worker.evaluate(() => chrome.alarms.get('news-check').then((a) => a?.periodInMinutes)))
      .toBe(15);

    await messageSubscribers('Flash sale: game cards 20% off');
    // Run the periodic check now instead of in 15 minutes: the same alarm, due at once.
    await wallet.worker.evaluate(() => chrome.alarms.create('news-check', { when: Date.now() }));
    await expect
      .poll(() => wallet.worker.evaluate(() => chrome.notifications.getAll()), { timeout: 10_000 })
      .not.toEqual({});
    await popup.reload();
    await expect.poll(() => popup.getByTestId('unread').textContent()).toBe('1');
    await shop.close();
  });

  it('spends points as a discount in the sheet when the shop allows it', async () => {
    const api = merchantApi(env.platform.url, env.shop.credentials.apiKey);
    const program = await fetch(`${env.platform.url}/v1/merchant/points-program`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${env.shop.credentials.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ pointsPerUnit: 1, pointValue: 10 }),
    });
    expect(program.status).toBe(200);
    await popup.reload(); // the popup's refresh brings the new directory and the 88 points
    await popup.getByRole('button', { name: 'Points' }).click();
    await expect.poll(() => popup.getByText('88 pts', { exact: true }).isVisible()).toBe(true);

    const shop = await wallet.context.newPage();
    await shop.goto(env.shop.url);
    await shop.locator('form', { hasText: '¥50 mobile top-up' }).getByRole('button', { name: 'Buy' }).click();
    const sheet = await openSheet(wallet.context, shop);
    // Half of ¥49.50 is ¥24.75; at ¥0.10 a point that is 247, but 88 are held.
    const spend = sheet.getByRole('checkbox', { name: /Spend 88 points/ });
    await spend.waitFor();
    expect(await spend.isChecked()).toBe(false);
    expect(await sheet.getByRole('button', { name: /^Pay / }).textContent()).toBe('Pay ¥49.50');
    await spend.check();
    expect(await sheet.getByTestId('to-pay').textContent()).toContain('¥40.70');
    expect(await sheet.getByTestId('points').textContent()).toBe('You earn 40 points');
    await sheet.screenshot({ path: 'test-results/payment-sheet-points.png', fullPage: true });
    await sheet.getByRole('button', { name: 'Pay ¥40.70' }).click();
    await sheet.getByTestId('paid').waitFor();
    await sheet.close();

    expect((await api.listPayments()).items[0]).toMatchObject({
      amount: { amount: 4_950 },
      pointsRedeemed: 88,
      pointsDiscount: { amount: 880 },
      pointsEarned: 40,
    });
    await popup.reload();
    await expect.poll(() => popup.getByTestId('recent').locator('li').first().textContent()).toContain('+40 pts');
    const latest = popup.getByTestId('recent').locator('li').first();
    expect(await latest.textContent()).toContain('88 pts spent');
    // The line's own screen: what the order cost, what the points took off, what they earned.
    await latest.getByRole('button').click();
    expect(await detailsOn(popup)).toMatchObject({
      'Order total': '¥49.50',
      Points: '−¥8.80',
      'Points spent': '88 pts',
      'Points earned': '40 pts',
      'Paid from': 'Pouch balance',
    });
    expect(await popup.getByTestId('detail-amount').textContent()).toBe('−¥40.70');
    await popup.getByRole('button', { name: 'Back' }).click();
    await popup.getByRole('button', { name: 'Points' }).click();
    await expect.poll(() => popup.getByText('40 pts', { exact: true }).isVisible()).toBe(true);
  });
});

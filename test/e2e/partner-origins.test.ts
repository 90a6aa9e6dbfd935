import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { recheckOrigins } from '../../platform/merchants/origins';
import { checkoutScriptMatches, checkoutScriptRanAt, putCheckoutPage } from '../support/partner-site';
import { withWalletAtShop, type WalletAtShop } from '../support/shop';
import { signUpMerchant } from '../support/wallet-client';

let world: WalletAtShop;
withWalletAtShop({ topUp: '300' }, (w) => (world = w));

/** Counts, in the worker, the runtime messages that come from web pages. */
async function countPageMessages(): Promise<() => Promise<number>> {
  await world.wallet.worker.evaluate(() => {
    const scope = globalThis as unknown as { pageMessages: number; chrome: any };
    scope.pageMessages = 0;
    scope.chrome.runtime.onMessage.addListener((_: unknown, sender: { url?: string }) => {
      if (sender.url?.startsWith('http')) scope.pageMessages++;
    });
  });
  return () => world.wallet.worker.evaluate(() => (globalThis as unknown as { pageMessages: number }).pageMessages);
}

/** The JavaScript worlds Chromium made in the page for Pouch (its isolated world), as DevTools lists them. */
async function pouchWorlds(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  const origins: string[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => origins.push(context.origin));
  await cdp.send('Runtime.enable');
  await cdp.detach();
  return origins.filter((origin) => origin.includes(world.wallet.extensionId)).length;
}

/** Opens the popup, as a shopper does; it refreshes the wallet and, with it, the partner directory. */
async function openPopup(): Promise<void> {
  const popup = await world.wallet.context.newPage();
  await popup.goto(world.wallet.popupUrl);
  await popup.getByTestId('balance').waitFor();
  // The popup asks for a refresh once its balance shows; closing it before that would cancel the ask.
  await popup.locator('[data-sync=synced]').waitFor({ state: 'attached' });
  await popup.close();
}

/** A page Pouch leaves alone: no script, no world, no element, no event or message, seen from both sides. */
async function expectUntouched(url: string, pageMessages: () => Promise<number>): Promise<void> {
  const before = await pageMessages();
  const page = await world.wallet.context.newPage();
  await page.goto(url);
  // Nothing to await for a script that never comes: the time a partner page's button takes to appear.
  await page.waitForTimeout(1_000);
  expect(await pouchWorlds(page)).toBe(0);
  expect(await checkoutScriptRanAt(world.popup, url)).toBe(false);
  expect(await page.locator('pouch-pay, pouch-sign-in').count()).toBe(0);
  expect(await page.locator('body').getAttribute('data-heard')).toBe('');
  expect(await pageMessages()).toBe(before);
  await page.close();
}

describe('Pouch runs only on partner origins', () => {
  it('puts nothing into a page of an origin the directory does not list, even one carrying a real tag', async () => {
    const pageMessages = await countPageMessages();
    const stranger = await signUpMerchant(world.env.platform.url, {
      name: 'Not Yet Shop',
      verify: false,
      host: '127.0.0.1',
    });
    await expectUntouched(await putCheckoutPage(stranger, '/checkout'), pageMessages);

    // The control, in the same browser: the demo shop's checkout gets the script, its world and its button.
    const partner = await world.wallet.context.newPage();
    await partner.goto(world.env.shop.url);
    await partner.locator('form', { hasText: '¥50 mobile top-up' }).getByRole('button', { name: 'Buy' }).click();
    await partner.locator('pouch-pay').waitFor();
    expect(await pouchWorlds(partner)).toBe(1);
    expect(await checkoutScriptRanAt(world.popup, partner.url())).toBe(true);
    await partner.close();
  });

  it('reaches a shop verified after install once the directory refreshes, and leaves a shop that left', async () => {
    const pageMessages = await countPageMessages();
    const shop = await signUpMerchant(world.env.platform.url, { name: 'New Shop', verify: false, host: '127.0.0.1' });
    const checkout = await putCheckoutPage(shop, '/checkout');
    const late = await putCheckoutPage(shop, '/spa', { late: true });
    const verified = await shop.call('POST', '/v1/merchant/origins/verify', { origin: shop.origin });
    expect(verified.status).toBe(200);
    // Verified on the platform, not yet in this browser's directory: still nothing runs there.
    await expectUntouched(checkout, pageMessages);

    await openPopup();
    await expect.poll(() => checkoutScriptMatches(world.popup), { timeout: 10_000 }).toContain(`${shop.origin}/*`);
    for (const url of [checkout, late]) {
      const page = await world.wallet.context.newPage();
      await page.goto(url);
      await page.locator('pouch-pay').waitFor();
      expect(await checkoutScriptRanAt(world.popup, url)).toBe(true);
      await page.close();
    }

    // The shop takes its verification file down; the platform's daily check ends its verification.
    shop.site.serve(null);
    await recheckOrigins(world.env.platform.platform, 0);
    await openPopup();
    await expect.poll(() => checkoutScriptMatches(world.popup), { timeout: 10_000 }).not.toContain(`${shop.origin}/*`);
    await expectUntouched(checkout, pageMessages);
  });
});

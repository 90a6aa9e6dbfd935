import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { checkoutScriptRanAt } from '../support/partner-site';
import { describe, expect, it } from 'vitest';
import { clickPouchButton, withWalletAtShop, type WalletAtShop } from '../support/shop';

let env: WalletAtShop['env'];
let wallet: WalletAtShop['wallet'];
let popup: Page;
withWalletAtShop({ topUp: '100' }, (world) => ({ env, wallet, popup } = world));

/** Clicks "Sign in with Pouch" and returns the consent window. */
async function askToSignIn(shop: Page): Promise<Page> {
  const [consent] = await Promise.all([wallet.context.waitForEvent('page'), clickPouchButton(shop, 'sign-in')]);
  await consent.waitForLoadState();
  return consent;
}

async function signOut(shop: Page) {
  await shop.getByRole('button', { name: 'Sign out' }).click();
  await expect.poll(() => shop.locator('#status').textContent()).toBe('Not signed in');
}

describe('Sign in with Pouch on the demo shop', () => {
  let customer = '';

  it('asks for consent in an extension window, then the shop knows the customer by a per-shop number', async () => {
    const shop = await wallet.context.newPage();
    await shop.goto(`${env.shop.url}/account`);
    await shop.locator('pouch-sign-in').waitFor();
    await shop.screenshot({ path: 'test-results/demo-shop-sign-in.png' });
    const consent = await askToSignIn(shop);
    expect(consent.url()).toMatch(/^chrome-extension:\/\/[a-z]+\/sign-in\.html\?id=/);
    await consent.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await consent.getByRole('heading').first().textContent()).toBe('Sign in to \u2068Pouch Demo Shop\u2069');
    expect(await consent.getByTestId('origin').textContent()).toContain(env.shop.url);
    await consent.setViewportSize({ width: 400, height: 520 });
    await consent.screenshot({ path: 'test-results/sign-in-consent.png' });
    const { violations } = await new AxeBuilder({ page: consent }).analyze();
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await consent.getByRole('button', { name: 'Sign in' }).click();
    await consent.waitForEvent('close');

    await expect.poll(() => shop.locator('#status').textContent(), { timeout: 10_000 }).toContain('Welcome!');
    customer = (await shop.locator('#customer').textContent()) ?? '';
    expect(customer).toMatch(/^pw_[A-Za-z0-9_-]{32}$/);
    await shop.screenshot({ path: 'test-results/demo-shop-account.png' });
    await signOut(shop);
    await shop.close();
  });

  it('signs in again in one click on a connected site, as the same customer', async () => {
    const shop = await wallet.context.newPage();
    await shop.goto(`${env.shop.url}/account`);
    const pages = wallet.context.pages().length;
    await clickPouchButton(shop, 'sign-in');
    await expect.poll(() => shop.locator('#status').textContent(), { timeout: 10_000 }).toContain('Welcome back!');
    expect(await shop.locator('#customer').textContent()).toBe(customer);
    expect(await shop.locator('#sign-ins').textContent()).toBe('2');
    expect(wallet.context.pages().length).toBe(pages);
    await signOut(shop);
    await shop.close();
  });

  it('asks a locked wallet for the PIN in the window, then signs in', async () => {
    await popup.reload();
    await popup.getByRole('button', { name: 'Lock' }).click();
    await popup.getByRole('heading', { name: 'Pouch is locked' }).waitFor();
    const shop = await wallet.context.newPage();
    await shop.goto(`${env.shop.url}/account`);
    // Connected, but locked: the window opens to unlock, instead of the one-click sign-in.
    const consent = await askToSignIn(shop);
    await consent.getByRole('button', { name: 'Sign in' }).click();
    await consent.getByRole('heading', { name: 'Pouch is locked' }).waitFor();
    await consent.getByLabel('Payment PIN').fill('135790');
    await consent.getByRole('button', { name: 'Unlock' }).click();
    await consent.waitForEvent('close');
    await expect.poll(() => shop.locator('#status').textContent(), { timeout: 10_000 }).toContain('Welcome back!');
    expect(await shop.locator('#customer').textContent()).toBe(customer);
    await signOut(shop);
    await shop.close();
    await popup.reload();
    await popup.getByTestId('balance').waitFor();
  });

  it('lists the site in the popup; after revoking it, signing in asks again, and closing the window says no', async () => {
    await popup.reload();
    await popup.getByRole('button', { name: 'Settings' }).click();
    await popup.getByRole('button', { name: 'Sites you sign in to' }).click();
    const sites = popup.getByTestId('connected-sites');
    await expect.poll(() => sites.textContent()).toContain('Pouch Demo Shop');
    await popup.screenshot({ path: 'test-results/popup-connected-sites.png', fullPage: true });
    await sites.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => sites.textContent()).toContain('You have not signed in anywhere with Pouch.');

    const shop = await wallet.context.newPage();
    await shop.goto(`${env.shop.url}/account`);
    const consent = await askToSignIn(shop);
    // Cancel closes the window at once, sometimes before Playwright's click returns: wait for the close instead.
    await Promise.all([
      consent.waitForEvent('close'),
      consent
        .getByRole('button', { name: 'Cancel' })
        .click()
        .catch((error: Error) => expect(error.message).toContain('has been closed')),
    ]);
    await expect.poll(() => shop.locator('#status').textContent()).toBe('Not signed in: cancelled');
    expect(await shop.locator('#customer').count()).toBe(0);
    await shop.close();
  });

  it('offers no sign-in on an origin the partner did not register: Pouch does not run there', async () => {
    const copy = await wallet.context.newPage();
    await copy.goto(`${env.shop.url.replace('localhost', '127.0.0.1')}/account`);
    // Nothing to await for a script that never comes: the time a partner page's button takes to appear.
    await copy.waitForTimeout(1_000);
    expect(await copy.locator('#status').textContent()).toBe('Not signed in');
    expect(await copy.locator('pouch-sign-in').count()).toBe(0);
    expect(await checkoutScriptRanAt(popup, copy.url())).toBe(false);
    await copy.close();
  });
});

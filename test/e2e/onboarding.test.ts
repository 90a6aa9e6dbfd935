import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookTopUp } from '../support/ledger-topup';
import { launchWallet, type WalletBrowser } from '../support/chromium';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { sendFrom } from '../support/seed';

let platform: TestPlatform;
let wallet: WalletBrowser;
let page: Page;

beforeAll(async () => {
  platform = await startTestPlatform('pglite');
  wallet = await launchWallet();
  page = await wallet.context.newPage();
  await page.setViewportSize({ width: 360, height: 600 });
  await page.goto(wallet.popupUrl);
});
afterAll(async () => {
  await wallet?.close();
  await platform?.close();
});

describe('a new user with the real platform', () => {
  it('creates a wallet from the popup; only the public device key reaches the platform', async () => {
    await page.getByLabel('Payment PIN').fill('135790');
    await page.getByLabel('Repeat the PIN').fill('135790');
    await page.getByText('Advanced').click();
    await page.getByLabel('Platform address').fill(platform.url);
    await page.screenshot({ path: 'test-results/onboarding.png' });
    await page.getByRole('button', { name: 'Create wallet' }).click();
    // The recovery code, shown once; the wallet opens only once the user says it is written down.
    const code = page.getByTestId('recovery-code');
    await expect.poll(() => code.textContent(), { timeout: 10_000 }).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
    await page.screenshot({ path: 'test-results/recovery-code.png' });
    expect(await page.getByRole('button', { name: 'Continue' }).isDisabled()).toBe(true);
    await page.getByLabel('Type the last group of four').fill('XXXX');
    expect(await page.getByRole('button', { name: 'Continue' }).isDisabled()).toBe(true);
    await page.getByLabel('Type the last group of four').fill((await code.textContent())!.slice(-4).toLowerCase());
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByTestId('balance').textContent(), { timeout: 10_000 }).toBe('¥0.00');

    const rows = await platform.platform.db
      .selectFrom('wallets')
      .innerJoin('devices', 'devices.wallet_id', 'wallets.id')
      .select(['wallets.id', 'devices.public_jwk', 'wallets.pin_hash', 'wallets.recovery_hash', 'devices.name'])
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.public_jwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(rows[0]!.public_jwk).not.toHaveProperty('d');
    expect(rows[0]!.pin_hash).toMatch(/^\$argon2id\$/);
    expect(rows[0]!.recovery_hash).toMatch(/^\$argon2id\$/);
    expect(rows[0]!.name).toBe('Chrome on Linux');
    const overview = await sendFrom(page, { type: 'wallet.overview' });
    expect(overview.data.account).toMatchObject({
      walletId: rows[0]!.id,
      platformUrl: platform.url,
      passwordFreeLimit: { amount: 20_000, currency: 'CNY' },
    });
  });

  it('signs in with its device key and shows what the platform holds', async () => {
    await bookTopUp(platform.platform.db, {
      transferId: 'tr_e2e_topup',
      title: 'Top-up from •••• 0005',
      amount: 8_800,
    });
    await page.reload();
    await expect.poll(() => page.getByTestId('balance').textContent(), { timeout: 10_000 }).toBe('¥88.00');
    expect(await page.getByTestId('recent').textContent()).toContain('Top-up from •••• 0005');
    expect(await page.getByRole('status').textContent()).not.toContain('Offline');
    const refreshed = await sendFrom(page, { type: 'wallet.refresh' });
    expect(refreshed.ok).toBe(true);
  });

  it('refuses to create a second wallet in the same browser', async () => {
    const reply = await sendFrom(page, { type: 'wallet.create', pin: '246810', platformUrl: platform.url });
    expect(reply).toMatchObject({ ok: false, error: { code: 'wallet_exists' } });
  });
});

import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stalePin } from '../support/platform';
import { walletAtShop, type WalletAtShop } from '../support/shop';

let world: WalletAtShop;
let popup: Page;

beforeAll(async () => {
  world = await walletAtShop({ topUp: '300' });
  ({ popup } = world);
});
afterAll(() => world?.close());

describe('money out of the wallet', () => {
  it('withdraws to a bank account only with the right PIN, and shows it in the history', async () => {
    await popup.getByRole('button', { name: 'Withdraw' }).click();
    await popup.getByLabel('Amount to withdraw (Chinese Yuan)').fill('100');
    await popup.getByLabel('Account holder').fill('Li Lei');
    await popup.getByLabel('Bank account number').fill('6222 0200 0000 9876');
    // A pause before money leaves: what will happen, in full, before the PIN.
    await popup.getByRole('button', { name: 'Review' }).click();
    expect(await popup.getByTestId('withdraw-review').textContent()).toBe(
      'Withdraw ¥100.00 to the bank account •••• 9876?',
    );
    await popup.getByLabel('Payment PIN').fill('000000');
    await popup.getByRole('button', { name: 'Withdraw now' }).click();
    await expect.poll(() => popup.getByRole('alert').textContent()).toContain('Wrong PIN');
    expect(await popup.getByTestId('balance').textContent()).toBe('¥300.00');
    const { violations } = await new AxeBuilder({ page: popup }).analyze();
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await popup.screenshot({ path: 'test-results/popup-withdraw.png', fullPage: true });

    await popup.getByLabel('Payment PIN').fill('135790');
    await popup.getByRole('button', { name: 'Withdraw now' }).click();
    await expect.poll(() => popup.getByTestId('balance').textContent()).toBe('¥200.00');
    const rows = await popup.getByTestId('recent').locator('li').allTextContents();
    expect(rows.some((row) => row.includes('Withdrawal to bank •••• 9876') && row.includes('−¥100.00'))).toBe(true);
  });

  it('reviews a top-up from the amount the shopper chose before the card is charged', async () => {
    await popup.getByRole('button', { name: 'Top up', exact: true }).click();
    await popup.getByLabel('Amount (Chinese Yuan)').fill('600');
    await popup.getByRole('button', { name: 'Top up now' }).click();
    expect(await popup.getByTestId('top-up-review').textContent()).toBe('Top up ¥600.00 from UnionPay •••• 0005?');
    await popup.getByRole('button', { name: 'Change' }).click();
    expect(await popup.getByTestId('balance').textContent()).toBe('¥200.00');
    await popup.getByRole('button', { name: 'Top up now' }).click();
    await popup.getByRole('button', { name: 'Yes, top up' }).click();
    // Back on home, which says what was done.
    await expect.poll(() => popup.getByRole('status').allTextContents()).toContain('Topped up ¥600.00.');
    expect(await popup.getByTestId('balance').textContent()).toBe('¥800.00');
  });

  it('asks for the PIN to add a card once the session that proved it is gone', async () => {
    // Unlocked a while ago: the PIN typed then no longer counts for a step-up.
    await stalePin(world.env.platform);
    await popup.reload();
    await popup.getByRole('button', { name: 'Add card' }).click();
    await popup.getByLabel('Card number').fill('4242 4242 4242 4242');
    await popup.getByLabel('Expiry (MM/YY)').fill('12/30');
    await popup.getByLabel('CVC').fill('123');
    await popup.getByLabel('Name on card').fill('Li Lei');
    await popup.getByRole('button', { name: 'Save card' }).click();
    await expect.poll(() => popup.getByRole('alert').textContent()).toBe('Adding a card takes your payment PIN.');
    await popup.getByLabel('Payment PIN').fill('135790');
    await popup.getByRole('button', { name: 'Save card' }).click();
    await expect.poll(() => popup.getByRole('status').allTextContents()).toContain('Card •••• 4242 added.');
    await popup.getByRole('button', { name: 'Settings' }).click();
    await popup.getByText('Visa •••• 4242').waitFor();
  });

  it('makes a card the default and removes one, saying what it did beside the cards', async () => {
    // Still on settings, from the card just added.
    const cards = popup.locator('section[aria-labelledby="card-settings-h"] li');
    await popup.getByRole('button', { name: 'Make card ending 4242 the default' }).click();
    await expect
      .poll(() => popup.getByTestId('cards-done').textContent())
      .toBe('Card •••• 4242 is now your default card.');
    expect(await cards.filter({ hasText: '4242' }).textContent()).toContain('Default');

    // A removal is asked about first; dismissing the question keeps the card.
    popup.once('dialog', (dialog) => void dialog.dismiss());
    await popup.getByRole('button', { name: 'Remove card ending 0005' }).click();
    expect(await cards.count()).toBe(2);
    const asked = new Promise<string>((resolve) =>
      popup.once('dialog', (dialog) => {
        resolve(dialog.message());
        void dialog.accept();
      }),
    );
    await popup.getByRole('button', { name: 'Remove card ending 0005' }).click();
    expect(await asked).toBe('Remove the card ending 0005? Past payments keep their record.');
    await expect.poll(() => popup.getByTestId('cards-done').textContent()).toBe('Card •••• 0005 removed.');
    expect(await cards.allTextContents()).toEqual([expect.stringContaining('4242')]);
  });

  it('raises the password-free limit only with the PIN, from the limits screen', async () => {
    await stalePin(world.env.platform);
    await popup.reload();
    await popup.getByRole('button', { name: 'Settings' }).click();
    await popup.getByRole('button', { name: 'Password-free limits' }).click();
    expect(await popup.getByLabel('Without PIN, per payment up to (Chinese Yuan)').inputValue()).toBe('200.00');
    expect(await popup.getByLabel('Without PIN, per day up to (Chinese Yuan)').inputValue()).toBe('1000.00');
    await popup.getByLabel('Without PIN, per payment up to (Chinese Yuan)').fill('500');
    await popup.getByRole('button', { name: 'Save limits' }).click();
    await expect.poll(() => popup.getByRole('alert').textContent()).toBe('Enter your payment PIN.');
    const { violations } = await new AxeBuilder({ page: popup }).analyze();
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await popup.screenshot({ path: 'test-results/popup-limits.png', fullPage: true });
    await popup.getByLabel('Payment PIN').fill('135790');
    await popup.getByRole('button', { name: 'Save limits' }).click();
    // Saved, the limits go back to settings, which says so.
    await expect.poll(() => popup.getByRole('status').allTextContents()).toContain('Limits saved.');
    await popup.getByRole('button', { name: 'Password-free limits' }).click();
    expect(await popup.getByLabel('Without PIN, per payment up to (Chinese Yuan)').inputValue()).toBe('500.00');
  });
});

import type { Page } from 'playwright-core';
import { parseMajorUnits } from '../protocol/money-format';
import { TOP_UP_REVIEW_DEFAULT } from '../lib/background/top-up-review';

/** The sandbox card every demo and test wallet starts with (approved by the sandbox network). */
export const DEMO_CARD = '6200 0000 0000 0005';

/** What a person does in the popup to add a card, as Playwright steps. */
export async function addCard(popup: Page, number: string): Promise<void> {
  await popup.getByRole('button', { name: 'Add card' }).click();
  await popup.getByLabel('Card number').fill(number);
  await popup.getByLabel('Expiry (MM/YY)').fill('12/30');
  await popup.getByLabel('CVC').fill('123');
  await popup.getByLabel('Name on card').fill('Li Lei');
  await popup.getByRole('button', { name: 'Save card' }).click();
  // Saved, the form goes back to home, which says so.
  await popup
    .getByRole('status')
    .filter({ hasText: `Card •••• ${number.slice(-4)} added.` })
    .waitFor();
}

/**
 * Creates a wallet in the popup as a person would — PIN twice, platform address, the recovery code
 * noted, the sandbox card, an optional top-up; returns the recovery code. `npm start` seeds its demo wallet this way; the end-to-end tests start from it too.
 */
export async function onboard(
  popup: Page,
  platformUrl: string,
  options: { pin?: string; topUp?: string } = {},
): Promise<string> {
  const pin = options.pin ?? '135790';
  await popup.getByLabel('Payment PIN').fill(pin);
  await popup.getByLabel('Repeat the PIN').fill(pin);
  await popup.getByText('Advanced').click();
  await popup.getByLabel('Platform address').fill(platformUrl);
  await popup.getByRole('button', { name: 'Create wallet' }).click();
  // The recovery code is shown once, and the wallet opens only once its last group is typed back.
  const recoveryCode = (await popup.getByTestId('recovery-code').textContent())!.trim();
  await popup.getByLabel('Type the last group of four').fill(recoveryCode.slice(-4));
  await popup.getByRole('button', { name: 'Continue' }).click();
  await popup.getByTestId('balance').waitFor();
  await addCard(popup, DEMO_CARD);
  if (options.topUp) {
    await popup.getByRole('button', { name: 'Top up' }).click();
    await popup.getByLabel('Amount (Chinese Yuan)').fill(options.topUp);
    await popup.getByRole('button', { name: 'Top up now' }).click();
    // From the amount the wallet reviews top-ups at (¥500 unless chosen otherwise), it asks first.
    if (parseMajorUnits(options.topUp, 'CNY')! >= TOP_UP_REVIEW_DEFAULT.amount)
      await popup.getByRole('button', { name: 'Yes, top up' }).click();
    // The form closes once the top-up is done (its button says 'Topping up…' meanwhile).
    await popup.getByRole('button', { name: /^(Top up now|Yes, top up|Topping up…)$/ }).waitFor({ state: 'detached' });
  }
  return recoveryCode;
}

import type { BrowserContext, Page } from 'playwright-core';

/** What a person does in the popup and on a checkout page, as Playwright steps (tests and `npm start` share them). */
export async function addCard(popup: Page, number: string): Promise<void> {
  await popup.getByRole('button', { name: 'Add card' }).click();
  await popup.getByLabel('Card number').fill(number);
  await popup.getByLabel('Expiry (MM/YY)').fill('12/30');
  await popup.getByLabel('CVC').fill('123');
  await popup.getByLabel('Name on card').fill('Li Lei');
  await popup.getByRole('button', { name: 'Save card' }).click();
  await popup.getByText(`UnionPay •••• ${number.slice(-4)}`).waitFor();
}

export async function onboard(
  popup: Page,
  platformUrl: string,
  options: { pin?: string; topUp?: string } = {},
): Promise<void> {
  const pin = options.pin ?? '135790';
  await popup.getByLabel('Payment PIN').fill(pin);
  await popup.getByLabel('Repeat the PIN').fill(pin);
  await popup.getByText('Advanced').click();
  await popup.getByLabel('Platform address').fill(platformUrl);
  await popup.getByRole('button', { name: 'Create wallet' }).click();
  await popup.getByTestId('balance').waitFor();
  await addCard(popup, '6200 0000 0000 0005');
  if (options.topUp) {
    await popup.getByRole('button', { name: 'Top up' }).click();
    await popup.getByLabel('Amount (CNY)').fill(options.topUp);
    await popup.getByRole('button', { name: 'Top up now' }).click();
    await popup.getByRole('button', { name: 'Top up now' }).waitFor({ state: 'detached' });
  }
}

/** Clicks a Pouch button on the page like a person would: once it has settled past the click guard. */
export async function clickPouchButton(page: Page, kind: 'pay' | 'sign-in'): Promise<void> {
  const button = page.locator(`pouch-${kind}`);
  await button.waitFor();
  await page.waitForTimeout(600);
  await button.click();
}

/** Clicks the page's Pay with Pouch button and returns the payment sheet's window. */
export async function openSheet(context: BrowserContext, page: Page): Promise<Page> {
  const [sheet] = await Promise.all([context.waitForEvent('page'), clickPouchButton(page, 'pay')]);
  await sheet.waitForLoadState();
  return sheet;
}

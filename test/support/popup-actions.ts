import type { BrowserContext, Page } from 'playwright-core';
import { pastClickGuard } from './page-timing';

export { addCard, onboard } from '../../scripts/demo-wallet';

/** Clicks a Pouch button on the page like a person would: once it has settled past the click guard. */
export async function clickPouchButton(page: Page, kind: 'pay' | 'sign-in'): Promise<void> {
  const button = page.locator(`pouch-${kind}`);
  await button.waitFor();
  await pastClickGuard();
  await button.click();
}

/** Clicks the page's Pay with Pouch button and returns the payment sheet's window. */
export async function openSheet(context: BrowserContext, page: Page): Promise<Page> {
  const [sheet] = await Promise.all([context.waitForEvent('page'), clickPouchButton(page, 'pay')]);
  await sheet.waitForLoadState();
  return sheet;
}

/** A history line's own screen as the person reads it: each label with the value beside it. */
export async function detailsOn(popup: Page): Promise<Record<string, string>> {
  return popup
    .locator('.details')
    .evaluate((list) =>
      Object.fromEntries(
        [...list.querySelectorAll('dt')].map((term) => [
          term.textContent!.trim(),
          term.nextElementSibling!.textContent!.trim(),
        ]),
      ),
    );
}

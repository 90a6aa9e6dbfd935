import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { opensNoWindow, pastClickGuard } from '../support/page-timing';
import { checkoutScriptRanAt, putCheckoutPage } from '../support/partner-site';
import { openSheet, withWalletAtShop, type WalletAtShop } from '../support/shop';
import { signUpMerchant, type TestMerchant } from '../support/wallet-client';

let env: WalletAtShop['env'];
let wallet: WalletAtShop['wallet'];
let popup: Page;
withWalletAtShop({ topUp: '300' }, (world) => ({ env, wallet, popup } = world));

async function walletBalance(): Promise<number> {
  const reply = await popup.evaluate(() =>
    (globalThis as any).chrome.runtime
      .sendMessage({ type: 'wallet.refresh' })
      .then(() => (globalThis as any).chrome.runtime.sendMessage({ type: 'wallet.overview' })),
  );
  return reply.data.balances[0].amount;
}

async function refusedPage(path: string, origin = env.shop.url): Promise<Page> {
  const page = await wallet.context.newPage();
  await page.goto(`${origin}${path}`);
  return page;
}

const statusReason = (page: Page) => page.locator('#status').getAttribute('data-reason');

/** No payment sheet opens after `act`. */
const opensNoSheet = (act: () => Promise<unknown>) =>
  opensNoWindow((timeout) => wallet.context.waitForEvent('page', { timeout }), act);

describe('checkouts Pouch refuses, with no money moved', () => {
  it('refuses a tag whose amount the page script changed', async () => {
    const page = await refusedPage('/test/amount-changed');
    await expect.poll(() => statusReason(page)).toBe('tag_bad_signature');
    expect(await page.locator('pouch-pay').count()).toBe(0);
    expect(await page.locator('#total').textContent()).toBe('¥0.01');
  });

  it('withdraws the button when the page changes the amount after it was shown', async () => {
    const page = await refusedPage('/test/late-amount-change');
    await page.locator('pouch-pay').waitFor();
    await expect.poll(() => statusReason(page), { timeout: 5_000 }).toBe('tag_bad_signature');
    expect(await page.locator('pouch-pay').count()).toBe(0);
  });

  it('offers nothing on a copy of the checkout at an origin no partner registered: Pouch does not run there', async () => {
    const copy = env.shop.url.replace('localhost', '127.0.0.1');
    const order = await (
      await fetch(`${copy}/api/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"productId":"phone-50"}',
      })
    ).json();
    const page = await refusedPage(`/checkout/${order.orderId}`, copy);
    // Nothing to await for a script that never comes: the time a partner page's button takes to appear.
    await page.waitForTimeout(1_000);
    expect(await statusReason(page)).toBeNull();
    expect(await page.locator('pouch-pay').count()).toBe(0);
    expect(await checkoutScriptRanAt(popup, page.url())).toBe(false);
  });

  describe('on another partner’s site', () => {
    let other: TestMerchant;
    beforeAll(async () => {
      other = await signUpMerchant(env.platform.url, { name: 'Other Shop', host: '127.0.0.1' });
      await popup.evaluate(() => (globalThis as any).chrome.runtime.sendMessage({ type: 'wallet.refresh' }));
    });
    const heard = (page: Page) => page.locator('body').getAttribute('data-heard');

    it('refuses the demo shop’s tag pasted there: it names the demo shop’s origin, not this one', async () => {
      const order = await (
        await fetch(`${env.shop.url}/api/orders`, {
          method: 'POST',
          body: '{"productId":"phone-50"}',
          headers: { 'content-type': 'application/json' },
        })
      ).json();
      const url = await putCheckoutPage(other, '/pasted', { tag: order.tag });
      const page = await refusedPage('', url);
      await expect.poll(() => heard(page), { timeout: 5_000 }).toBe('pouch:failed:tag_wrong_origin ');
      expect(await page.locator('pouch-pay').count()).toBe(0);
    });

    it('refuses a tag the demo shop signed for that site, an origin it never verified', async () => {
      const { tag } = await (
        await fetch(`${env.shop.url}/test/tag-for?origin=${encodeURIComponent(other.origin)}`)
      ).json();
      const url = await putCheckoutPage(other, '/claimed', { tag });
      const page = await refusedPage('', url);
      await expect.poll(() => heard(page), { timeout: 5_000 }).toBe('pouch:failed:origin_unverified ');
      expect(await page.locator('pouch-pay').count()).toBe(0);
    });
  });

  it('refuses an expired tag', async () => {
    const page = await refusedPage('/test/expired');
    await expect.poll(() => statusReason(page)).toBe('tag_expired');
    expect(await page.locator('pouch-pay').count()).toBe(0);
  });

  it('ignores clicks the page makes itself', async () => {
    const page = await refusedPage('/test/fixed-tag');
    await page.locator('pouch-pay').waitFor();
    await pastClickGuard();
    await opensNoSheet(() =>
      page.evaluate(() => {
        const host = document.querySelector('pouch-pay') as HTMLElement;
        host.click();
        host.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      }),
    );
  });

  /** Waits for the button and past the guard's settle time, as a person would before clicking. */
  async function settled(page: Page): Promise<void> {
    await page.locator('pouch-pay').last().waitFor();
    await pastClickGuard();
  }

  it.each([
    'transparent',
    'transparent-ancestor',
    'faded-body',
    'covered',
    'masked',
    'clipped',
    'scaled',
    'filtered',
    'popover',
    'hidden-cursor',
    'replaced-cursor',
  ])('withdraws the button when the page makes it %s', async (how) => {
    const page = await refusedPage(`/test/hidden/${how}`);
    await settled(page);
    const host = page.locator('pouch-pay');
    const { width, height } = (await host.boundingBox())!;
    // Clipped to a dot, only that dot (the host's bottom-right corner) can be hit.
    await opensNoSheet(() =>
      host.click({ force: true, ...(how === 'clipped' && { position: { x: width - 1, y: height - 1 } }) }),
    );
    expect(height).toBeGreaterThan(0);
    await page.screenshot({ path: `test-results/refused-${how}.png` });
    // The dot is the host's padding, not the button: no click reached the button, so none withdrew it.
    if (how === 'clipped') return;
    // Withdrawn for good: a later click, the trick gone, opens nothing either.
    await page.addStyleTag({
      content:
        '* { opacity: 1 !important; filter: none !important; mask-image: none !important; clip-path: none !important; transform: none !important; }',
    });
    await pastClickGuard();
    await opensNoSheet(() => page.locator('pouch-pay').click({ force: true }));
  });

  it.each(['covered-catching', 'modal'])('opens nothing when the page puts a %s layer over the button', async (how) => {
    const page = await refusedPage(`/test/hidden/${how}`);
    await settled(page);
    const box = (await page.locator('pouch-pay').boundingBox())!;
    await opensNoSheet(() => page.mouse.click(box.x + box.width / 2, box.y + box.height / 2));
  });

  it('opens nothing under a fullscreen element the page raised on its own button', async () => {
    const page = await refusedPage('/test/hidden/fullscreen');
    await settled(page);
    const box = (await page.locator('pouch-pay').boundingBox())!;
    await page.getByRole('button', { name: 'Watch the trailer' }).click();
    await expect.poll(() => page.evaluate(() => document.fullscreenElement?.id)).toBe('over');
    await opensNoSheet(() => page.mouse.click(box.x + box.width / 2, box.y + box.height / 2));
    await page.evaluate(() => document.exitFullscreen());
  });

  it('takes no click on a button the page resized just before it', async () => {
    const page = await refusedPage('/test/hidden/none');
    await settled(page);
    await page.evaluate(() => ((document.querySelector('pouch-pay') as HTMLElement).style.padding = '30px'));
    // The attack's own timing: the click comes 60 ms after the resize, well inside the settle time.
    await page.waitForTimeout(60);
    await opensNoSheet(() => page.locator('pouch-pay').click());
  });

  it('opens nothing for a page-made <pouch-pay> dressed as Pouch’s button', async () => {
    const page = await refusedPage('/test/forged');
    await settled(page);
    expect(await page.locator('pouch-pay').count()).toBe(2);
    await opensNoSheet(() => page.getByRole('button', { name: 'Pay ¥68.00 with Pouch' }).click());
  });

  it.each([
    ['a page of another origin frames the checkout', () => env.shop.url.replace('localhost', '127.0.0.1')],
    ['the tag sits inside an iframe', () => env.shop.url],
  ])('offers no button when %s', async (_, origin) => {
    const page = await refusedPage('/test/framed', origin());
    const frame = page.frameLocator('#framed');
    // The framed checkout loads (the shop allows framing), but Pouch offers its button in top frames only.
    await frame.locator('#status').waitFor();
    // Nothing to await for a button that never comes: the time a button takes to appear on a top page.
    await page.waitForTimeout(1_000);
    expect(await frame.locator('pouch-pay').count()).toBe(0);
    expect(await page.locator('pouch-pay').count()).toBe(0);
  });

  it('refuses a tag that was already paid, in the sheet and on the page', async () => {
    const before = await walletBalance();
    const first = await refusedPage('/test/fixed-tag');
    const sheet = await openSheet(wallet.context, first);
    await sheet.getByRole('button', { name: /^Pay / }).click();
    await sheet.getByTestId('paid').waitFor();
    await sheet.close();
    expect(await walletBalance()).toBe(before - 4_950);

    const replay = await refusedPage('/test/fixed-tag');
    const again = await openSheet(wallet.context, replay);
    await again.getByRole('button', { name: /^Pay / }).click();
    await expect.poll(() => again.getByRole('alert').first().textContent()).toContain('already paid');
    await expect.poll(() => statusReason(replay)).toBe('tag_reused');
    expect(await walletBalance()).toBe(before - 4_950);
    await again.close();
  });

  it('takes a click on a button that stayed put, and none on one the page just moved under the pointer', async () => {
    const still = await refusedPage('/test/hidden/none');
    await settled(still);
    const [sheet] = await Promise.all([wallet.context.waitForEvent('page'), still.locator('pouch-pay').click()]);
    await sheet.close();

    const page = await refusedPage('/test/hidden/none');
    const button = page.locator('pouch-pay');
    await settled(page);
    // The page moves the button under where the pointer is; the user's click lands on it 60 ms later.
    await page.evaluate(() => ((document.getElementById('pay-here') as HTMLElement).style.marginLeft = '180px'));
    await page.waitForTimeout(60);
    await opensNoSheet(() => button.click());
  });

  it('wraps a merchant label of 200 unbroken characters in the sheet instead of widening it', async () => {
    const page = await refusedPage('/test/long-label');
    const sheet = await openSheet(wallet.context, page);
    await sheet.getByTestId('amount').waitFor();
    const widths = await sheet.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      window: window.innerWidth,
      label: document.querySelector('.label')!.getBoundingClientRect().width,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.window);
    expect(widths.label).toBeLessThanOrEqual(widths.window);
    await sheet.screenshot({ path: 'test-results/sheet-long-label.png' });
    await sheet.close();
  });

  it('opens one sheet for the tab when two of its checkouts’ buttons are clicked at once', async () => {
    const page = await refusedPage('/test/two-checkouts');
    const buttons = page.locator('pouch-pay');
    await expect.poll(() => buttons.count()).toBe(2);
    await pastClickGuard();
    const windows = wallet.context.pages().length;
    await Promise.all([buttons.nth(0).click(), buttons.nth(1).click()]);
    const sheets = () => wallet.context.pages().filter((p) => p.url().includes('/pay.html'));
    // The second click may close the first sheet and open its own: wait until the tab's sheets settle.
    await expect.poll(() => sheets().length, { timeout: 10_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(2_500);
    expect(sheets()).toHaveLength(1);
    expect(wallet.context.pages().length).toBe(windows + 1);
    await Promise.all(sheets().map((sheet) => sheet.close()));
    await expect.poll(() => sheets().length).toBe(0);
    await page.close();
  });

  it('takes no click in the payment sheet until it has been shown for a moment', async () => {
    const page = await wallet.context.newPage();
    await page.goto(env.shop.url);
    await page.locator('form', { hasText: '¥50 mobile top-up' }).getByRole('button', { name: 'Buy' }).click();
    const sheet = await openSheet(wallet.context, page);
    const pay = sheet.getByRole('button', { name: /^Pay / });
    await pay.waitFor();
    // A click carried over from the page (a double click on a decoy) lands on a button not yet active.
    expect(await pay.getAttribute('data-armed')).toBe('false');
    expect(await pay.isDisabled()).toBe(true);
    const box = (await pay.boundingBox())!;
    await sheet.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await sheet.keyboard.press('Enter');
    await expect.poll(() => pay.getAttribute('data-armed')).toBe('true');
    await sheet.waitForTimeout(300);
    expect(await sheet.getByTestId('paid').count()).toBe(0);
    await sheet.close();
    await expect.poll(() => statusReason(page)).toBe('cancelled');
  });

  it('pays nothing for a double click carried from the page into the sheet', async () => {
    const page = await refusedPage('/test/hidden/none');
    await settled(page);
    const [sheet] = await Promise.all([wallet.context.waitForEvent('page'), page.locator('pouch-pay').dblclick()]);
    await sheet.waitForLoadState();
    const pay = sheet.getByRole('button', { name: /^Pay / });
    await pay.waitFor();
    // The second click, as the page meant it: on the sheet's Pay button, the moment it shows.
    const box = (await pay.boundingBox())!;
    await sheet.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
    await sheet.waitForTimeout(800);
    expect(await sheet.getByTestId('paid').count()).toBe(0);
    await sheet.close();
  });

  it('moved no money for any refusal above', async () => {
    expect(await walletBalance()).toBe(30_000 - 4_950);
    const { body } = { body: await (await fetch(`${env.platform.url}/v1/directory`)).json() };
    // The demo shop and the other partner signed up above: no refusal added or removed one.
    expect(body.partners).toHaveLength(2);
  });
});

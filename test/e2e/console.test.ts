import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCheckoutTag, type MerchantKey } from '../../merchant/kit/src/index';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { screenshotPath } from '../support/screenshots';
import { startOriginServer, TestWallet } from '../support/wallet-client';

let platform: TestPlatform;
let browser: Browser;
let page: Page;
let key: MerchantKey;
let apiKey = '';
let wallet: TestWallet;
let shopSite: Awaited<ReturnType<typeof startOriginServer>>;
let ORIGIN = '';
const EMAIL = 'owner@console-shop.example';
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  platform = await startTestPlatform('pglite');
  shopSite = await startOriginServer();
  ORIGIN = shopSite.origin;
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  page = await (await browser.newContext({ viewport: { width: 1100, height: 800 } })).newPage();
});
afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

/** Serious or critical accessibility faults axe finds on the page. */
async function accessibilityFaults(on: Page) {
  const { violations } = await new AxeBuilder({ page: on }).analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
}

const fieldError = (name: string) => page.locator(`#f-${name}-error`).textContent();
const today = () => new Date().toISOString().slice(0, 10);

async function signUp(values: Record<string, string>) {
  await page.goto(`${platform.url}/console/sign-up`);
  await page.getByLabel('Shop name').fill(values.name ?? 'Console Shop');
  await page.getByLabel('Category').fill('game cards');
  await page.getByLabel('Checkout origins').fill(values.origins ?? ORIGIN);
  await page.getByLabel('Webhook URL').fill('http://127.0.0.1:9/webhook');
  await page.getByLabel('Email').fill(values.email ?? EMAIL);
  await page.getByLabel('Password').fill(values.password ?? PASSWORD);
  await page.getByRole('button', { name: 'Open my shop' }).click();
}

describe('the merchant console in a browser', () => {
  it('refuses a sign-up naming each wrong field, and keeps what was typed', async () => {
    await signUp({ origins: 'console-shop.example', password: 'short' });
    const alert = await page.getByRole('alert').textContent();
    // Said once, beside each field; the top says how many need a fix, without field codes.
    expect(alert).toBe('Please fix the 2 fields marked below.');
    expect(await fieldError('origins')).toBe('expected an http(s) origin');
    expect(await fieldError('password')).toBe('expected at least 12 characters');
    expect(await page.getByLabel('Shop name').inputValue()).toBe('Console Shop');
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    await page.screenshot({ path: 'test-results/console-sign-up-refused.png', fullPage: true });
    expect(await accessibilityFaults(page)).toEqual([]);
  });

  it('signs a shop up and shows its keys once, with the snippet', async () => {
    await signUp({});
    await page.getByTestId('api-key').waitFor();
    apiKey = (await page.getByTestId('api-key').textContent()) ?? '';
    expect(apiKey).toMatch(/^sk_/);
    const merchantId = (await page.getByTestId('merchant-id').textContent()) ?? '';
    const privateJwk = JSON.parse((await page.getByTestId('private-jwk').textContent()) ?? '{}');
    const kid = (await page.locator('tr', { hasText: 'Key id' }).locator('code').textContent()) ?? '';
    key = { merchantId, kid, privateJwk };
    expect(await page.getByTestId('snippet').textContent()).toContain(`content="${merchantId}"`);
    // Copy puts the whole key on the clipboard (the console's own script; nothing inline).
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: platform.url });
    await page.getByRole('button', { name: 'Copy the API key' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(apiKey);
    expect(await page.getByRole('button', { name: 'Copy the API key' }).textContent()).toBe('Copied');
    await page.screenshot({ path: 'test-results/console-welcome.png', fullPage: true });
    expect(await accessibilityFaults(page)).toEqual([]);

    // The API key works against the API.
    const me = await fetch(`${platform.url}/v1/merchant/payments`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(me.status).toBe(200);

    // The welcome page says which file proves the origin; once served, Verify on the keys page checks it.
    const file = await page
      .locator('li', { hasText: '/.well-known/pouch-merchant.json' })
      .locator('code')
      .nth(1)
      .textContent();
    shopSite.serve(JSON.parse(file ?? '{}'));
    await page.goto(`${platform.url}/console/keys`);
    expect(await page.getByTestId('origin-status').textContent()).toBe('pending');
    await page.getByRole('button', { name: `Verify ${ORIGIN}` }).click();
    expect(await page.getByRole('status').textContent()).toContain('Origin verified');
    expect(await page.getByTestId('origin-status').textContent()).toBe('✓ verified');
    await page.screenshot({ path: 'test-results/console-origins.png', fullPage: true });
    expect(await accessibilityFaults(page)).toEqual([]);
    const directory = await (await fetch(`${platform.url}/v1/directory`)).json();
    expect(directory.partners.map((p: { merchantId: string }) => p.merchantId)).toContain(merchantId);
  });

  it('refuses a second shop with the same email', async () => {
    const other = await browser.newPage();
    await other.goto(`${platform.url}/console/sign-up`);
    await other.getByLabel('Shop name').fill('Copycat');
    await other.getByLabel('Category').fill('games');
    await other.getByLabel('Checkout origins').fill('https://copycat.example');
    await other.getByLabel('Webhook URL').fill('https://copycat.example/hook');
    await other.getByLabel('Email').fill(EMAIL.toUpperCase());
    await other.getByLabel('Password').fill(PASSWORD);
    await other.getByRole('button', { name: 'Open my shop' }).click();
    expect(await other.locator('#f-email-error').textContent()).toBe(
      'this email already has a console: sign in instead',
    );
    await other.close();
  });

  it('refunds only what the shop chose, after a review in money, and never on an empty form', async () => {
    wallet = await TestWallet.create(platform.url);
    const card = await wallet.addCard();
    expect((await wallet.topUp(card, 50_000)).status).toBe(201);
    const tag = await signCheckoutTag(key, {
      origin: ORIGIN,
      orderId: 'order-1001',
      amount: 6_800,
      currency: 'CNY',
      label: '680 game points',
    });
    expect((await wallet.pay(tag)).status).toBe(201);

    await page.goto(`${platform.url}/console/payments`);
    const row = page.getByTestId('payments').locator('tr', { hasText: 'order-1001' });
    expect(await row.textContent()).toContain('¥68.00');
    await row.getByRole('link', { name: 'Refund order order-1001' }).click();
    await page.getByRole('heading', { name: 'Refund order order-1001' }).waitFor();

    // An empty form refunds nothing: it asks for a choice and a reason, in money.
    await page.getByRole('button', { name: 'Review refund' }).click();
    expect(await fieldError('scope')).toBe('Choose part of the payment, or all that is left (¥68.00).');
    expect(await fieldError('reason')).toBe('Say why you refund: it is kept with the refund.');
    await page.getByLabel('Part of it').check();
    await page.getByRole('button', { name: 'Review refund' }).click();
    expect(await fieldError('amount')).toBe('Enter an amount from ¥0.01 to ¥68.00.');
    await page.getByLabel('Amount (CNY)').fill('100');
    await page.getByRole('button', { name: 'Review refund' }).click();
    expect(await fieldError('amount')).toBe('Enter an amount from ¥0.01 to ¥68.00.');
    await page.getByLabel('Amount (CNY)').fill('abc');
    await page.getByRole('button', { name: 'Review refund' }).click();
    expect(await fieldError('amount')).toBe('Enter an amount from ¥0.01 to ¥68.00. Write it as 68.00.');
    expect(await wallet.balance()).toBe(50_000 - 6_800);
    await page.screenshot({ path: screenshotPath('console-refund-form'), fullPage: true });
    expect(await accessibilityFaults(page)).toEqual([]);

    await page.getByLabel('Amount (CNY)').fill('10');
    await page.getByLabel('Reason').fill('one item missing');
    await page.getByRole('button', { name: 'Review refund' }).click();
    expect(await page.getByTestId('refund-review').textContent()).toContain('Refund ¥10.00 of order order-1001?');
    expect(await wallet.balance()).toBe(50_000 - 6_800);
    await page.screenshot({ path: screenshotPath('console-refund-review'), fullPage: true });
    expect(await accessibilityFaults(page)).toEqual([]);
    // Change goes back with what was typed; the review again, then the one button that refunds.
    await page.getByRole('link', { name: 'Change' }).click();
    const refundUrl = page.url();
    expect(await page.getByLabel('Amount (CNY)').inputValue()).toBe('10.00');
    await page.getByRole('button', { name: 'Review refund' }).click();
    const confirm = page.locator('form', { has: page.getByRole('button', { name: 'Refund ¥10.00' }) });
    const fields = Object.fromEntries(
      await confirm
        .locator('input[type=hidden]')
        .evaluateAll((inputs) => inputs.map((i) => [(i as HTMLInputElement).name, (i as HTMLInputElement).value])),
    );
    expect(fields).toMatchObject({ scope: 'part', amount: '10.00', reason: 'one item missing' });
    await confirm.getByRole('button', { name: 'Refund ¥10.00' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Refund sent');
    const refunded = page.getByTestId('payments').locator('tr', { hasText: 'order-1001' });
    expect(await refunded.textContent()).toContain('Partially refunded');
    expect(await refunded.locator('td').nth(5).textContent()).toBe('¥10.00');
    expect(await wallet.balance()).toBe(50_000 - 6_800 + 1_000);
    // The same confirmation sent again (a double click, a resent form) refunds once.
    const again = await page.request.post(refundUrl.split('?')[0]!, {
      form: fields,
      headers: { origin: platform.url },
      maxRedirects: 0,
    });
    expect(again.status()).toBe(303);
    // Sent without a review — empty, or "all" — it refunds nothing.
    const craftedForms: Record<string, string>[] = [{}, { key: 'k-crafted', scope: 'all', reason: 'x' }];
    for (const form of craftedForms) {
      const crafted = await page.request.post(refundUrl.split('?')[0]!, {
        form,
        headers: { origin: platform.url },
        maxRedirects: 0,
      });
      expect(crafted.status()).toBe(422);
    }
    expect(await wallet.balance()).toBe(50_000 - 6_800 + 1_000);
    await page.screenshot({ path: screenshotPath('console-payments'), fullPage: true });
    expect(await accessibilityFaults(page)).toEqual([]);

    // The payment's own page: its figures, the refund, its webhook deliveries (each with Resend), the receipt.
    await refunded.getByRole('link', { name: 'order-1001', exact: true }).click();
    await page.getByRole('heading', { name: 'Order order-1001' }).waitFor();
    const facts = await page
      .getByTestId('payment-facts')
      .evaluate((dl) =>
        Object.fromEntries(
          [...dl.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling!.textContent!.trim()]),
        ),
      );
    expect(facts).toMatchObject({
      'Order amount': '¥68.00',
      Paid: '¥68.00',
      'Paid from': 'The shopper’s Pouch balance',
      Status: 'Partially refunded',
      Refunded: '¥10.00',
    });
    expect(await page.getByTestId('refunds').locator('tbody td').allTextContents()).toEqual([
      expect.any(String),
      '¥10.00',
      'one item missing',
    ]);
    const events = page.getByTestId('deliveries').locator('tbody td:nth-child(2)');
    expect(await events.allTextContents()).toEqual(['payment.succeeded', 'payment.refunded']);
    expect(await page.getByTestId('receipt').textContent()).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    await page.getByRole('button', { name: /^Resend payment\.refunded/ }).click();
    expect(await page.getByRole('status').textContent()).toContain('Sent again');
    await page.screenshot({ path: screenshotPath('console-payment'), fullPage: true });
    expect(await accessibilityFaults(page)).toEqual([]);
    await page.getByRole('link', { name: '← Payments' }).click();

    // All that is left is its own choice, and its review states it in money; going back refunds nothing.
    await refunded.getByRole('link', { name: 'Refund order order-1001' }).click();
    await page.getByLabel('All that is left: ¥58.00').check();
    await page.getByLabel('Reason').fill('order cancelled');
    await page.getByRole('button', { name: 'Review refund' }).click();
    expect(await page.getByTestId('refund-review').textContent()).toContain('Refund ¥58.00 of order order-1001?');
    await page.getByRole('link', { name: 'Payments' }).click();
    expect(await wallet.balance()).toBe(50_000 - 6_800 + 1_000);
  });

  it('creates a coupon campaign and a points program, refusing a threshold at or below its saving', async () => {
    await page.getByRole('link', { name: 'Coupons & points' }).click();
    await page.getByLabel('Title').fill('¥20 off ¥100');
    // The form shows the fields the kind uses: a cap for percent off, a minimum spend for a threshold.
    await page.getByLabel('Kind').selectOption('percent_off');
    expect(await page.getByLabel('Cap').isVisible()).toBe(true);
    expect(await page.getByLabel('Minimum spend').isVisible()).toBe(false);
    await page.getByLabel('Cap').fill('5');
    await page.getByLabel('Kind').selectOption('threshold');
    expect(await page.getByLabel('Cap').isVisible()).toBe(false);
    await page.getByLabel('Value', { exact: true }).fill('20');
    await page.getByLabel('Minimum spend').fill('20');
    await page.getByLabel('Valid until').fill('2027-12-31');
    await page.getByLabel('Quantity').fill('500');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    expect(await fieldError('minSpend')).toBe('expected a spend threshold above the amount off');
    expect(await page.getByRole('alert').textContent()).toBe('Please fix the field marked below.');
    expect(await page.getByLabel('Title').inputValue()).toBe('¥20 off ¥100');

    await page.getByLabel('Minimum spend').fill('100');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Campaign created');
    expect(await page.getByTestId('campaigns').textContent()).toContain('¥20.00 off on ¥100.00 or more');
    const offers = async () => (await (await fetch(`${platform.url}/v1/offers`)).json()).items;
    expect(await offers()).toEqual([
      expect.objectContaining({ title: '¥20 off ¥100', value: 2_000, minSpend: 10_000, quantity: 500 }),
    ]);
    // Paused, it is no offer; resumed, it is again. (End stays for later: a coupon from it is used below.)
    const row = page.getByTestId('campaigns').locator('tr', { hasText: '¥20 off ¥100' });
    await row.getByRole('button', { name: 'Pause ¥20 off ¥100' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Campaign paused');
    expect(await row.locator('td').nth(3).textContent()).toBe('Paused');
    expect(await offers()).toEqual([]);
    await row.getByRole('button', { name: 'Resume ¥20 off ¥100' }).click();
    expect(await row.locator('td').nth(3).textContent()).toBe('Running');
    expect(await offers()).toHaveLength(1);

    await page.getByLabel('Points per yuan').fill('2');
    await page.getByLabel('Point value (CNY)').fill('0.01');
    await page.getByRole('button', { name: 'Save points program' }).click();
    expect(await page.getByText('Shoppers earn 2 points per yuan paid.').count()).toBe(1);
    expect(await page.getByText('each takes ¥0.01 off, up to half of an order').count()).toBe(1);
    const directory = await (await fetch(`${platform.url}/v1/directory`)).json();
    expect(directory.partners.find((p: { merchantId: string }) => p.merchantId === key.merchantId)).toMatchObject({
      pointsPerUnit: 2,
      pointValue: 1,
    });
    await page.screenshot({ path: 'test-results/console-loyalty.png', fullPage: true });
    expect(await accessibilityFaults(page)).toEqual([]);
  });

  it('sends a message to subscribers only, refusing a link to another site', async () => {
    expect((await wallet.call('POST', '/v1/wallet/subscriptions', { merchantId: key.merchantId })).status).toBe(201);
    await page.getByRole('link', { name: 'Messages' }).click();
    expect(await page.getByTestId('subscribers').textContent()).toBe('1');
    await page.getByLabel('Message').fill('Double points this weekend');
    await page.getByLabel('Link').fill('https://elsewhere.example/deal');
    await page.getByRole('button', { name: 'Send to subscribers' }).click();
    expect(await fieldError('link')).toBe(`a URL on ${ORIGIN}`);

    await page.getByLabel('Link').fill(`${ORIGIN}/weekend`);
    await page.getByRole('button', { name: 'Send to subscribers' }).click();
    expect(await page.getByRole('status').textContent()).toBe('Sent to 1 subscriber.');
    expect(await page.getByTestId('sent').textContent()).toContain('Double points this weekend');
    const inbox = await wallet.call('GET', '/v1/wallet/messages');
    expect(inbox.body.items.map((m: { text: string }) => m.text)).toEqual(['Double points this weekend']);
  });

  it('sets the bank account and downloads a statement', async () => {
    await page.getByRole('link', { name: 'Payouts' }).click();
    expect(await page.getByTestId('balances').textContent()).toContain('¥58.00');
    await page.getByLabel('Account holder').fill('Console Shop Ltd');
    await page.getByLabel('Account number').fill('6222 02x');
    await page.getByRole('button', { name: 'Save bank account' }).click();
    expect(await fieldError('accountNumber')).toBe('expected 8 to 30 digits (sandbox bank)');
    await page.getByLabel('Account number').fill('6222 0200 1234 5678');
    await page.getByRole('button', { name: 'Save bank account' }).click();
    expect(await page.getByTestId('bank').textContent()).toContain('account ending 5678');

    await page.getByLabel('From').fill(today());
    await page.getByLabel('To (inclusive)').fill(today());
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`pouch-statement-${today()}-${today()}.csv`);
    const csv = await (await download.createReadStream()).toArray();
    const text = Buffer.concat(csv).toString('utf8');
    expect(text.split('\n')[0]).toMatch(/^[a-z_,]+$/);
    expect(text).toContain('6800');
    await page.screenshot({ path: 'test-results/console-payouts.png', fullPage: true });
  });

  it('shows a bank account change the API key asked for, and makes it only with the password', async () => {
    const asked = await fetch(`${platform.url}/v1/merchant/bank-account`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ holder: 'Console Shop Ltd', accountNumber: '6222020099990001' }),
    });
    expect(asked.status).toBe(202);
    await page.getByRole('link', { name: 'Payouts' }).click();
    const proposed = page.getByTestId('proposed');
    expect(await proposed.textContent()).toContain('account ending 0001');
    await page.screenshot({ path: 'test-results/console-payouts-proposed.png', fullPage: true });
    await proposed.getByLabel('Console password').fill(PASSWORD);
    await proposed.getByRole('button', { name: 'Confirm the new account' }).click();
    expect(await page.getByTestId('bank').textContent()).toContain('account ending 0001');
    expect(await page.getByTestId('proposed').count()).toBe(0);
  });

  it('opens on the last 30 days: totals, and charts drawn on the server, with no script of their own', async () => {
    // Today also brings a coupon redeemed at checkout (the ¥20-off campaign) beside the earlier payment.
    const offers = await (await fetch(`${platform.url}/v1/offers?merchantId=${key.merchantId}`)).json();
    const claimed = await wallet.call('POST', '/v1/wallet/coupons', { campaignId: offers.items[0].id });
    expect(claimed.status).toBe(201);
    const tag = await signCheckoutTag(key, {
      origin: ORIGIN,
      orderId: 'order-1002',
      amount: 12_000,
      currency: 'CNY',
      label: 'Gift card',
    });
    const paid = await wallet.call(
      'POST',
      '/v1/payments',
      { tag, funding: { type: 'balance' }, couponId: claimed.body.id, pin: '246810' },
      { 'idempotency-key': `overview-${Date.now()}` },
    );
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);

    await page.goto(`${platform.url}/console`);
    expect(new URL(page.url()).pathname).toBe('/console/overview');
    const totals = await page.getByTestId('totals').innerText();
    expect(totals).toMatch(/Payments\s+2/);
    expect(totals).toContain('¥168.00'); // 68 + (120 − 20); refunds do not change what was paid
    expect(totals).toMatch(/Coupons redeemed\s+1/);
    expect(totals).toMatch(/New subscribers\s+1/);
    // Thirty bars a chart; today's is the last, with its figure as the bar's tooltip.
    const bars = page.getByTestId('chart-payments').locator('rect');
    expect(await bars.count()).toBe(30);
    expect(await bars.last().locator('title').textContent()).toBe(`${today()}: 2`);
    expect(await page.getByTestId('chart-amount-CNY').locator('rect').last().locator('title').textContent()).toBe(
      `${today()}: ¥168.00`,
    );
    expect(await page.getByRole('img', { name: /Payments per day, last 30 days: 2 in all/ }).count()).toBe(1);
    // The charts are the server's SVG: the page's one script is the Copy buttons' file, and none is inline.
    expect(await page.locator('script').evaluateAll((scripts) => scripts.map((e) => e.getAttribute('src')))).toEqual([
      '/console/assets/copy.js',
    ]);
    await page.screenshot({ path: screenshotPath('console-overview'), fullPage: true });
    expect(await accessibilityFaults(page)).toEqual([]);
  });

  it('serves the API reference from its own files: Swagger UI renders every operation, nothing from elsewhere', async () => {
    const docs = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const elsewhere: string[] = [];
    const problems: string[] = [];
    docs.on('request', (request) => {
      if (!request.url().startsWith(platform.url)) elsewhere.push(request.url());
    });
    docs.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await docs.goto(`${platform.url}/docs`);
    await docs.locator('.opblock').first().waitFor();
    const operations = await docs.locator('.opblock').count();
    const spec = await (await fetch(`${platform.url}/openapi.json`)).json();
    // Every operation, and every webhook event (Swagger UI shows each as an operation too).
    const documented = [...Object.values(spec.paths), ...Object.values(spec.webhooks)].flatMap((m) =>
      Object.keys(m as object),
    ).length;
    expect(operations).toBe(documented);
    // A shop's part first — getting started, its operations from sign-up on, the webhooks — then the extension's.
    expect(await docs.locator('#shop .info').textContent()).toContain('1. Sign up');
    const sections = await docs.locator('.opblock-tag-section h3 a span').allTextContents();
    expect(sections[0]).toBe('Sign-up and origins');
    const firstExtension = sections.findIndex((name) => name.startsWith('Extension · '));
    expect(sections.slice(0, firstExtension).some((name) => name.startsWith('Extension'))).toBe(false);
    expect(sections.slice(firstExtension).every((name) => name.startsWith('Extension · '))).toBe(true);
    const webhooksBox = await docs.locator('#shop').getByText('Webhooks', { exact: true }).last().boundingBox();
    const extensionBox = await docs.locator('#extension .info').boundingBox();
    expect(webhooksBox!.y).toBeLessThan(extensionBox!.y);
    await docs.screenshot({ path: 'test-results/api-reference-top.png' });
    await docs.getByText('Pay a checkout tag (Idempotency-Key required)').click();
    await docs.getByText('tag_reused').first().waitFor();
    await docs.screenshot({ path: 'test-results/api-reference.png' });
    expect(elsewhere).toEqual([]);
    expect(problems).toEqual([]);
    await docs.close();
  });

  it('shows keys and snippet; signs out and back in; refuses a form posted from another site', async () => {
    await page.getByRole('link', { name: 'Keys & snippet' }).click();
    expect(await page.getByTestId('merchant-id').textContent()).toBe(key.merchantId);
    expect(await page.locator('main').textContent()).toContain(key.kid);
    // Another origin: refused as typed with the reason beside it, then added as pending with its file.
    await page.getByLabel('Origin', { exact: true }).fill('shop.example/checkout');
    await page.getByRole('button', { name: 'Add origin' }).click();
    expect(await fieldError('origin')).toMatch(/^expected an http\(s\) origin/);
    await page.getByLabel('Origin', { exact: true }).fill('https://m.console-shop.example');
    await page.getByRole('button', { name: 'Add origin' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Origin added.');
    expect(
      await page.getByTestId('origins').locator('tr', { hasText: 'https://m.console-shop.example' }).textContent(),
    ).toContain('pending');
    // The webhook URL, checked as at sign-up.
    await page.getByLabel('Webhook URL').fill('not a url');
    await page.getByRole('button', { name: 'Save webhook URL' }).click();
    expect(await fieldError('webhookUrl')).toBe('expected an http(s) URL');
    await page.getByLabel('Webhook URL').fill('http://127.0.0.1:9/pouch-events');
    await page.getByRole('button', { name: 'Save webhook URL' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Webhook URL saved');
    expect(await page.getByLabel('Webhook URL').inputValue()).toBe('http://127.0.0.1:9/pouch-events');
    await page.screenshot({ path: screenshotPath('console-keys'), fullPage: true });
    expect(await accessibilityFaults(page)).toEqual([]);

    // A test event: queued, and listed with what the shop's server answered (here nothing answers).
    await page.getByRole('button', { name: 'Send a test event' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Test event queued');
    expect(await page.getByTestId('deliveries').locator('tbody tr').first().textContent()).toContain('webhook.test');
    // A rotation says what will happen first; keeping the current secret changes nothing.
    await page.getByRole('link', { name: 'Rotate webhook secret…' }).click();
    expect(await page.getByTestId('rotation-review').textContent()).toContain(
      'Webhooks are signed under both the current and the new secret until',
    );
    await page.screenshot({ path: screenshotPath('console-rotation-review'), fullPage: true });
    expect(await accessibilityFaults(page)).toEqual([]);
    await page.getByRole('link', { name: 'Keep the current one' }).click();
    expect(await page.getByTestId('rotated-secret').count()).toBe(0);
    await page.getByRole('link', { name: 'Rotate webhook secret…' }).click();
    await page.getByRole('button', { name: 'Rotate the webhook secret' }).click();
    expect(await page.getByTestId('rotated-secret').textContent()).toMatch(/^whsec_/);
    const [cookie] = await page.context().cookies();
    const forged = await fetch(`${platform.url}/console/loyalty/points`, {
      method: 'POST',
      headers: {
        origin: 'https://evil.example',
        cookie: `${cookie!.name}=${cookie!.value}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'pointsPerUnit=0',
    });
    expect(forged.status).toBe(403);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(`${platform.url}/console/payments`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill('wrong password!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('The email or the password is not right.');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('totals').waitFor();
    expect(await page.getByText('Shoppers earn').count()).toBe(0);
    await page.getByRole('link', { name: 'Coupons & points' }).click();
    expect(await page.getByText('Shoppers earn 2 points per yuan paid.').count()).toBe(1);
  });

  it('opens on what needs the shop: an escrow refund request with the buyer’s words, declined with an answer, then accepted', async () => {
    const tag = await signCheckoutTag(key, {
      origin: ORIGIN,
      orderId: 'ticket-7',
      amount: 15_000,
      currency: 'CNY',
      label: 'Shanghai → Beijing',
      mode: 'escrow',
    });
    const paid = await wallet.pay(tag);
    expect(paid.status).toBe(201);
    const paymentId = paid.body.payment.id as string;
    const ask = (reason: string) => wallet.call('POST', `/v1/wallet/payments/${paymentId}/refund-request`, { reason });
    expect((await ask('The flight was cancelled')).status).toBe(200);

    await page.getByRole('link', { name: 'Overview' }).click();
    const request = page.getByTestId('refund-request');
    expect(await request.locator('blockquote').textContent()).toBe('The flight was cancelled');
    expect(await request.textContent()).toContain('Refund asked for: order ticket-7, ¥150.00');
    // Besides: the bank account changed in an earlier test, and the webhook URL answers nothing.
    const attention = await page.getByTestId('attention').textContent();
    expect(attention).toContain('Payouts are held until');
    expect(attention).toMatch(/webhook deliver(y is|ies are) failing/);
    await page.screenshot({ path: screenshotPath('console-attention'), fullPage: true });
    expect(await accessibilityFaults(page)).toEqual([]);

    // Declining takes an answer for the buyer, said beside the field; the buyer reads it in the wallet.
    await request.getByRole('button', { name: 'Decline the refund for order ticket-7' }).click();
    expect(await page.locator(`#decline-${paymentId}-error`).textContent()).toBe(
      'Tell the buyer why, in a few words: they read it in their wallet.',
    );
    await page.getByLabel('Your answer to the buyer (shown in their wallet)').fill('The flight left on time.');
    await page.getByRole('button', { name: 'Decline the refund for order ticket-7' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Refund request declined.');
    expect(await page.getByTestId('refund-request').count()).toBe(0);
    const line = (await wallet.call('GET', '/v1/wallet/transactions')).body.items.find(
      (t: { paymentId?: string; kind: string }) => t.paymentId === paymentId && t.kind === 'payment',
    );
    expect(line).toMatchObject({ status: 'held', refundDeclinedMessage: 'The flight left on time.' });

    // Asked again, accepted: the refund page comes with all that is left chosen and the buyer's reason.
    expect((await ask('It did not: see the airline notice')).status).toBe(200);
    await page.reload();
    const before = await wallet.balance();
    await page.getByRole('link', { name: 'Accept the refund for order ticket-7' }).click();
    expect(await page.getByLabel('All that is left: ¥150.00').isChecked()).toBe(true);
    expect(await page.getByLabel('Reason').inputValue()).toBe(
      'Refund request accepted: It did not: see the airline notice',
    );
    await page.getByRole('button', { name: 'Review refund' }).click();
    await page.getByRole('button', { name: 'Refund ¥150.00' }).click();
    expect(await wallet.balance()).toBe(before + 15_000);
    await page.getByRole('link', { name: 'Overview' }).click();
    expect(await page.getByTestId('refund-request').count()).toBe(0);
  });

  it('lists a shopper waiting for an answer, and answers on the payment’s page; an empty answer is refused beside the box', async () => {
    const line = (await wallet.call('GET', '/v1/wallet/transactions')).body.items.find(
      (t: { orderId?: string; kind: string }) => t.orderId === 'order-1001' && t.kind === 'payment',
    );
    const path = `/v1/wallet/payments/${line.paymentId}/messages` as const;
    expect((await wallet.call('POST', path, { text: 'Were the other points <i>lost</i>?' })).status).toBe(201);

    await page.getByRole('link', { name: 'Overview' }).click();
    const waiting = page.getByTestId('unanswered');
    expect((await waiting.textContent())!.replace(/\s+/g, ' ').trim()).toBe(
      'A shopper asks about order order-1001: Were the other points <i>lost</i>? Answer',
    );
    await waiting.getByRole('link', { name: 'Answer' }).click();
    await page.getByRole('heading', { name: 'Messages from the shopper' }).waitFor();
    expect(await page.getByTestId('conversation').locator('li[data-from=shopper] p').textContent()).toBe(
      'Were the other points <i>lost</i>?',
    );
    await page.getByRole('button', { name: 'Send the answer' }).click();
    expect(await page.locator('#answer-text-error').textContent()).toBe('expected the message text');
    expect(
      await page.getByLabel('Your answer (the shopper reads it in their wallet)').getAttribute('aria-invalid'),
    ).toBe('true');
    await page
      .getByLabel('Your answer (the shopper reads it in their wallet)')
      .fill('No: ¥10.00 was refunded for them.');
    await page.getByRole('button', { name: 'Send the answer' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Answer sent');
    expect(await page.getByTestId('conversation').locator('li').count()).toBe(2);
    await page.screenshot({ path: screenshotPath('console-conversation'), fullPage: true });
    expect(await accessibilityFaults(page)).toEqual([]);
    const inbox = (await wallet.call('GET', '/v1/wallet/messages')).body.items;
    expect(inbox[0]).toMatchObject({ text: 'No: ¥10.00 was refunded for them.', about: { orderId: 'order-1001' } });
    await page.getByRole('link', { name: 'Overview' }).click();
    expect(await page.getByTestId('unanswered').count()).toBe(0);
  });

  it('finds payments by order id, status and days, and downloads what the filter shows', async () => {
    await page.getByRole('link', { name: 'Payments' }).click();
    const orders = () => page.getByTestId('payments').locator('tbody tr td:nth-child(2) a').allTextContents();
    expect((await orders()).length).toBeGreaterThan(2);
    await page.getByLabel('Order id').fill('ticket-7');
    await page.getByRole('button', { name: 'Show' }).click();
    expect(await orders()).toEqual(['ticket-7']);
    await page.getByLabel('Order id').fill('');
    await page.getByLabel('Status').selectOption({ label: 'Refunded' });
    await page.getByRole('button', { name: 'Show' }).click();
    expect(await orders()).toEqual(['ticket-7']);
    const csv = await page.request.get(`${platform.url}${await page.getByTestId('payments-csv').getAttribute('href')}`);
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe(
      'created_at_utc,payment_id,order_id,label,currency,amount,discount,paid,refunded,status,escrow,paid_from',
    );
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(
        /^[^,]+,pay_[^,]+,ticket-7,Shanghai → Beijing,CNY,150\.00,0\.00,150\.00,150\.00,refunded,refunded,balance$/,
      ),
    ]);
    await page.getByLabel('From').fill(today());
    await page.getByLabel('To').fill('2020-01-01');
    await page.getByRole('button', { name: 'Show' }).click();
    expect(await fieldError('to')).toBe('Choose a day on or after From.');
    await page.screenshot({ path: screenshotPath('console-payments-filter'), fullPage: true });
    expect(await accessibilityFaults(page)).toEqual([]);
    await page.getByLabel('To').fill(today());
    await page.getByRole('button', { name: 'Show' }).click();
    expect(await orders()).toEqual(['ticket-7']);
  });

  it('lists auto-pay agreements with their charges, and ends one only once the box is ticked', async () => {
    const tag = await signCheckoutTag(key, {
      origin: ORIGIN,
      orderId: 'gold-1001',
      amount: 3_000,
      currency: 'CNY',
      label: 'Gold membership',
      mode: 'agreement',
      agreement: { period: 'month', end: Math.floor(Date.now() / 1000) + 365 * 86_400 },
    });
    const accepted = await wallet.call('POST', '/v1/wallet/agreements', { tag, pin: wallet.pin });
    expect(accepted.status).toBe(201);
    const charged = await fetch(`${platform.url}/v1/merchant/agreements/${accepted.body.id}/charges`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${apiKey}`,
        'content-type': 'application/json',
        'idempotency-key': 'gold-1001-2026-12',
      },
      body: JSON.stringify({ orderId: 'gold-1001-2026-12', amount: 3_000 }),
    });
    expect(charged.status).toBe(201);

    await page.getByRole('link', { name: 'Auto-pay' }).click();
    const row = page.getByTestId('agreements').locator('tr', { hasText: 'gold-1001' });
    expect((await row.textContent())!.replace(/\s+/g, ' ')).toContain('¥30.00 a month ¥30.00 Active');
    await page.screenshot({ path: screenshotPath('console-agreements'), fullPage: true });
    expect(await accessibilityFaults(page)).toEqual([]);
    await row.getByRole('link', { name: 'gold-1001' }).click();
    await page.getByRole('heading', { name: 'Agreement gold-1001' }).waitFor();
    expect(await page.getByTestId('agreement-charges').textContent()).toContain('gold-1001-2026-12');
    // An empty click ends nothing: the box must be ticked first.
    await page.getByRole('button', { name: 'End agreement' }).click();
    expect(await page.locator('#f-confirm-error').textContent()).toBe(
      'Tick the box first: an ended agreement cannot start again.',
    );
    expect(await page.getByLabel('Yes, end this agreement').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: screenshotPath('console-agreement'), fullPage: true });
    expect(await accessibilityFaults(page)).toEqual([]);
    expect((await wallet.call('GET', '/v1/wallet/agreements')).body.items[0].state).toBe('active');
    await page.getByLabel('Yes, end this agreement').check();
    await page.getByRole('button', { name: 'End agreement' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Agreement ended');
    expect((await wallet.call('GET', '/v1/wallet/agreements')).body.items[0].state).toBe('cancelled');
    expect(await page.getByRole('button', { name: 'End agreement' }).count()).toBe(0);
  });

  it('speaks Chinese to a Chinese browser on every page, remembers a switch to English, and back', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1100, height: 800 } });
    const zh = await context.newPage();
    try {
      // Before an account: the sign-up page, and its refusals beside the fields, in Chinese.
      await zh.goto(`${platform.url}/console/sign-up`);
      await zh.getByLabel('店铺名称').fill('新店');
      await zh.getByLabel('类目').fill('话费充值');
      await zh.getByLabel('收银台来源').fill('shop.example');
      await zh.getByLabel('Webhook 地址').fill('https://shop.example/hook');
      await zh.getByLabel('邮箱').fill('zh@shop.example');
      await zh.getByLabel('密码').fill('short');
      await zh.getByRole('button', { name: '开通我的店铺' }).click();
      expect(await zh.locator('#f-password-error').textContent()).toBe('至少 12 个字符');
      const signUpWords = await englishIn(zh);
      const signUpFaults = await accessibilityFaults(zh);
      await zh.goto(`${platform.url}/console/sign-in`);
      await zh.getByLabel('邮箱').fill(EMAIL);
      await zh.getByLabel('密码').fill(PASSWORD);
      await zh.getByRole('button', { name: '登录' }).click();
      await zh.getByTestId('totals').waitFor();
      const paymentId = await zh.evaluate(async () => {
        const page = await (await fetch('/console/payments')).text();
        return /\/console\/payments\/(pay_[\w-]+)">order-1001</.exec(page)?.[1] ?? '';
      });
      const agreementId = await zh.evaluate(async () => {
        const page = await (await fetch('/console/agreements')).text();
        return /\/console\/agreements\/(agr_[\w-]+)">gold-1001</.exec(page)?.[1] ?? '';
      });
      const pages = [
        '/console/overview',
        '/console/payments',
        `/console/payments/${paymentId}`,
        '/console/agreements',
        `/console/agreements/${agreementId}`,
        '/console/loyalty',
        '/console/messages',
        '/console/payouts',
        '/console/keys',
        '/console/keys/rotate/api-key',
      ];
      const english: Record<string, string[]> = { '/console/sign-up (refused)': signUpWords };
      const faults: Record<string, string[]> = { '/console/sign-up (refused)': signUpFaults };
      for (const path of pages) {
        await zh.goto(`${platform.url}${path}`);
        expect(await zh.locator('html').getAttribute('lang'), path).toBe('zh-CN');
        english[path] = await englishIn(zh);
        faults[path] = await accessibilityFaults(zh);
      }
      // A refused form, in Chinese beside its fields.
      await zh.goto(`${platform.url}/console/payments?from=2026-12-07&to=2020-01-01`);
      expect(await zh.locator('#f-to-error').textContent()).toBe('请选择不早于开始日期的一天。');
      english['refused filter'] = await englishIn(zh);
      await zh.goto(`${platform.url}/console/payments/${paymentId}/refund`);
      await zh.getByRole('button', { name: '核对退款' }).click();
      expect(await zh.locator('#f-reason-error').textContent()).toBe('请写明退款理由：它会随退款保存。');
      english['refused refund'] = await englishIn(zh);
      faults['refused refund'] = await accessibilityFaults(zh);
      await zh.screenshot({ path: screenshotPath('console-zh-refund'), fullPage: true });
      await zh.goto(`${platform.url}/console/agreements/${agreementId}`);
      await zh.screenshot({ path: screenshotPath('console-zh-agreement'), fullPage: true });
      await zh.goto(`${platform.url}/console/overview`);
      await zh.screenshot({ path: screenshotPath('console-zh-overview'), fullPage: true });
      expect(english).toEqual(Object.fromEntries(Object.keys(english).map((page) => [page, []])));
      expect(faults).toEqual(Object.fromEntries(Object.keys(faults).map((page) => [page, []])));

      // The header's switch: English, remembered on the next page; then back to Chinese.
      await zh.getByRole('link', { name: 'English' }).click();
      expect(await zh.getByRole('heading', { level: 1 }).first().textContent()).toBe('Last 30 days');
      await zh.getByRole('link', { name: 'Payments' }).click();
      expect(await zh.locator('html').getAttribute('lang')).toBe('en');
      await zh.getByRole('link', { name: '中文' }).click();
      expect(await zh.getByRole('heading', { level: 1 }).first().textContent()).toBe('收款');
    } finally {
      await context.close();
    }
  });
});

/** Words and names that stand in Chinese pages as they are: the brand, standard abbreviations, currency codes. */
const NAMES = new Set([
  'Pouch',
  'API',
  'URL',
  'CSV',
  'UTC',
  'JWK',
  'JWT',
  'ID',
  'HTTP',
  'Webhook',
  'Ctrl',
  'CNY',
  'HKD',
  'USD',
  'EUR',
  'JPY',
  'T',
  'kid',
  'http',
  's',
  'https',
  'JSON',
]);

/** The English words on a console page, outside code, ids and what the shop or a shopper wrote (<bdi>). */
async function englishIn(on: Page): Promise<string[]> {
  const text = await on.evaluate(() => {
    const copy = document.body.cloneNode(true) as HTMLElement;
    // What stands in another language on purpose (the switch to English, lang="en") is not the page's.
    copy.querySelectorAll('bdi, code, pre, samp, script, style, [hidden], [lang="en"]').forEach((e) => e.remove());
    copy.querySelectorAll('input, textarea').forEach((e) => e.remove());
    const walker = document.createTreeWalker(copy, NodeFilter.SHOW_TEXT);
    const texts: string[] = [];
    while (walker.nextNode()) texts.push(walker.currentNode.textContent ?? '');
    return texts.join(' ');
  });
  // Ids, addresses and event names (order-1001, https://…, webhook.test) are not words.
  const tokens = text.split(/\s+/).filter((token) => !/[0-9./:@_]/.test(token));
  const words = tokens.join(' ').match(/[A-Za-z][A-Za-z'’]*/g) ?? [];
  return [...new Set(words)].filter((word) => !NAMES.has(word));
}

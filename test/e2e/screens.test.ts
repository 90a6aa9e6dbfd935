import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { merchantApi } from '../../merchant/kit/src/api';
import { seriousFaults } from '../support/axe';
import { launchWallet, type WalletBrowser } from '../support/chromium';
import { pastClickGuard } from '../support/page-timing';
import { screenshotPath } from '../support/screenshots';
import { openSheet, startPlatformAndShop } from '../support/shop';

/**
 * Every screen a shopper sees — each popup screen, the payment sheet before and after paying, the
 * sign-in consent, the unlock screen — in English and in Chinese, as the shopper sees it: free of
 * serious accessibility faults (axe), each screen's heading focused as it opens and Esc going back,
 * and in Chinese holding no English word but the few that are names. What a shop wrote (its name,
 * labels, offers, messages) stands in <bdi> or isolates and is the shop's; an id (a receipt number)
 * stands in <samp>. `npm run screenshots` makes the README's pictures from this file.
 */
const NAMES = new Set([
  'Pouch',
  'PIN',
  'CSV',
  'UnionPay',
  'Visa',
  'Mastercard',
  'American',
  'Express',
  'JCB',
  'MM',
  'YY',
]);

/** How each language names what the test clicks. */
const WORDS = {
  en: {
    locale: 'en-US',
    settings: 'Settings',
    limits: 'Password-free limits',
    sites: 'Sites you sign in to',
    inbox: /unread messages/,
    coupons: 'Coupons and offers',
    points: 'Points',
    history: 'All activity',
    topUp: 'Top up',
    addCard: 'Add card',
    withdraw: 'Withdraw',
    pay: /^Pay /,
    signIn: 'Sign in',
    lock: 'Lock',
    locked: 'Pouch is locked',
    forgot: 'Forgot your PIN?',
    talkToShop: 'Write to the shop',
    send: 'Send',
    messageRule: 'Write your message first.',
    reply: 'Reply',
    agreements: 'Auto-pay agreements',
    addresses: 'Addresses and contact',
    addAddress: 'Add an address',
    saveAddress: 'Save address',
    saveContact: 'Save email',
    stopSharing: 'Stop sharing',
    recipient: 'Recipient',
    phone: 'Mobile number',
    region: 'Province, city and district',
    street: 'Street, building and unit',
    email: 'Contact email',
    agree: 'Agree',
    cancelAgreement: 'Cancel',
    cancelled: 'Cancelled',
    autoPay: 'Auto-pay',
    autoPayCharge: 'By the shop, under your auto-pay agreement',
    bankCard: 'Bank card',
  },
  zh: {
    locale: 'zh-CN',
    settings: '设置',
    limits: '免密支付额度',
    sites: '已登录的网站',
    inbox: /未读消息/,
    coupons: '优惠券和优惠活动',
    points: '积分',
    history: '全部交易',
    topUp: '充值',
    addCard: '添加银行卡',
    withdraw: '提现',
    pay: /^支付/,
    signIn: '登录',
    lock: '锁定',
    locked: 'Pouch 已锁定',
    forgot: '忘记支付密码？',
    talkToShop: '联系商户',
    send: '发送',
    messageRule: '请先填写留言。',
    reply: '回复',
    agreements: '免密支付协议',
    addresses: '地址和联系方式',
    addAddress: '添加地址',
    saveAddress: '保存地址',
    saveContact: '保存邮箱',
    stopSharing: '停止提供',
    recipient: '收货人',
    phone: '手机号码',
    region: '所在地区（省市区）',
    street: '详细地址（街道、楼栋、门牌）',
    email: '联系邮箱',
    agree: '同意并开通',
    cancelAgreement: '取消协议',
    cancelled: '已取消',
    autoPay: '自动扣款',
    autoPayCharge: '商户按你的免密支付协议扣款',
    bankCard: '银行卡',
  },
} as const;
type Step =
  | Exclude<
      keyof (typeof WORDS)['en'],
      | 'locale'
      | 'pay'
      | 'signIn'
      | 'lock'
      | 'locked'
      | 'forgot'
      | 'send'
      | 'messageRule'
      | 'reply'
      | 'agree'
      | 'cancelAgreement'
      | 'cancelled'
      | 'autoPay'
      | 'autoPayCharge'
      | 'bankCard'
      | 'addAddress'
      | 'saveAddress'
      | 'saveContact'
      | 'stopSharing'
      | 'recipient'
      | 'phone'
      | 'region'
      | 'street'
      | 'email'
    >
  | 'latest';

/** Each popup screen and the clicks from home that open it. */
const SCREENS: [string, Step[]][] = [
  ['home', []],
  ['settings', ['settings']],
  ['limits', ['settings', 'limits']],
  ['connected sites', ['settings', 'sites']],
  ['agreements', ['settings', 'agreements']],
  ['addresses', ['settings', 'addresses']],
  ['inbox', ['inbox']],
  ['coupons', ['coupons']],
  ['points', ['points']],
  ['history', ['history']],
  ['payment', ['latest']],
  ['conversation', ['latest', 'talkToShop']],
  ['top-up', ['topUp']],
  ['add card', ['addCard']],
  ['withdraw', ['withdraw']],
];

/** The English words on a page, outside what a shop wrote. */
async function englishOn(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const copy = document.body.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('bdi, samp, script, style, [hidden]').forEach((element) => element.remove());
    return copy.textContent ?? '';
  });
  const words = text.replace(/\u2068[^\u2069]*\u2069/g, ' ').match(/[A-Za-z][A-Za-z'’]*/g) ?? [];
  return [...new Set(words)].filter((word) => !NAMES.has(word));
}

/** A wallet made, given a card and topped up through the background, as the popup's forms would. */
async function newWallet(popup: Page, popupUrl: string, platformUrl: string): Promise<void> {
  await popup.goto(popupUrl);
  const failed = await popup.evaluate(async (url) => {
    const send = (message: object) => (globalThis as any).chrome.runtime.sendMessage(message);
    const steps = [
      await send({ type: 'wallet.create', pin: '135790', platformUrl: url }),
      await send({
        type: 'cards.add',
        number: '6200000000000005',
        expMonth: 12,
        expYear: 2030,
        holder: 'Li Lei',
        cvc: '123',
      }),
    ];
    const cardToken = steps[1].data?.token;
    steps.push(await send({ type: 'balance.topup', cardToken, amount: { amount: 50_000, currency: 'CNY' } }));
    return steps.filter((step) => !step.ok);
  }, platformUrl);
  expect(failed).toEqual([]);
}

/** The name of the element that has focus. */
const focused = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

let env: Awaited<ReturnType<typeof startPlatformAndShop>>;
beforeAll(async () => {
  env = await startPlatformAndShop();
});
afterAll(() => env?.close());

describe.each(['en', 'zh'] as const)('every screen in %s', (lang) => {
  const words = WORDS[lang];
  let wallet: WalletBrowser;
  let popup: Page;
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: screenshotPath(`${lang}-${name}`), fullPage: true });
  /** What a page must not hold: serious accessibility faults, and in Chinese, English words. */
  const faults = async (page: Page) => [
    ...(await seriousFaults(page)),
    ...(lang === 'zh' ? await englishOn(page) : []),
  ];

  beforeAll(async () => {
    wallet = await launchWallet({ locale: words.locale });
    popup = await wallet.context.newPage();
    await popup.setViewportSize({ width: 360, height: 600 });
    await newWallet(popup, wallet.popupUrl, env.platform.url);
  });
  afterAll(() => wallet?.close());

  it('pays: the sheet before and after paying', async () => {
    const shop = await wallet.context.newPage();
    await shop.goto(env.shop.url);
    await shop.locator('form', { hasText: '¥100 mobile top-up' }).getByRole('button', { name: 'Buy' }).click();
    await shop.locator('pouch-pay').waitFor();
    // The shop's own page is in the shop's language: one picture of it is enough.
    if (lang === 'en') await shop.screenshot({ path: screenshotPath('demo-shop-checkout') });
    const sheet = await openSheet(wallet.context, shop);
    await sheet.setViewportSize({ width: 420, height: 640 });
    await sheet.locator('button[data-armed=true]').waitFor();
    await shot(sheet, 'sheet');
    expect(await faults(sheet)).toEqual([]);
    await sheet.getByRole('button', { name: words.pay }).click();
    await sheet.getByTestId('paid').waitFor();
    await shot(sheet, 'sheet-paid');
    expect(await faults(sheet)).toEqual([]);
    await sheet.close();
    await shop.close();
  });

  it('fits home in a 360 × 600 popup: balance, actions and the latest activity without scrolling', async () => {
    await popup.reload();
    await popup.getByTestId('recent').waitFor();
    const bottom = await popup.getByTestId('recent').evaluate((list) => list.getBoundingClientRect().bottom);
    expect(bottom).toBeLessThanOrEqual(600);
  });

  it('writes to the shop about the order; the shop’s answer arrives in messages and opens the conversation', async () => {
    await popup.reload();
    await popup.locator('[data-sync=synced]').waitFor({ state: 'attached' });
    await popup.getByTestId('recent').getByRole('button').first().click();
    await popup.getByRole('button', { name: words.talkToShop }).click();
    const conversation = popup.getByTestId('conversation');
    await conversation.getByRole('button', { name: words.send }).click();
    // Nothing typed: the words stand beside the box, in the shopper's language, and nothing is sent.
    await expect.poll(() => popup.locator('#conversation-text-error').textContent()).toContain(words.messageRule);
    expect(await popup.locator('#conversation-text').getAttribute('aria-invalid')).toBe('true');
    await popup
      .locator('#conversation-text')
      .fill(lang === 'en' ? 'Can you send it after 6 pm?' : '请晚上六点后发货，谢谢');
    await conversation.getByRole('button', { name: words.send }).click();
    await expect.poll(() => conversation.locator('li[data-from=shopper]').count()).toBe(1);

    const shopApi = merchantApi(env.platform.url, env.shop.credentials.apiKey);
    const { items } = await shopApi.listPayments({ limit: 1 });
    const asked = await shopApi.conversation(items[0]!.id);
    expect(asked.items.map((line) => line.from)).toEqual(['shopper']);
    await shopApi.answerShopper(
      items[0]!.id,
      lang === 'en' ? 'Of course — it leaves at 7 pm.' : '好的，晚上七点发出。',
    );
    await popup.keyboard.press('Escape');
    await popup.keyboard.press('Escape');
    await popup.evaluate(() => (globalThis as any).chrome.runtime.sendMessage({ type: 'wallet.refresh' }));
    await popup.reload();
    await popup.getByRole('button', { name: words.inbox }).click();
    await popup.getByTestId('inbox').getByRole('button', { name: words.reply }).click();
    await expect.poll(() => popup.getByTestId('conversation').locator('li').count()).toBe(2);
    expect(await popup.getByTestId('conversation').locator('li[data-from=shop]').textContent()).toContain(
      lang === 'en' ? 'it leaves at 7 pm' : '晚上七点发出',
    );
    await shot(popup, 'popup-conversation-answered');
    expect(await faults(popup)).toEqual([]);
  });

  it('sets up auto-pay for a membership with the PIN; the shop charges the first month; Settings cancels it in one click', async () => {
    const shop = await wallet.context.newPage();
    await shop.goto(env.shop.url);
    await shop.locator('form', { hasText: 'Jade Dragon Gold membership' }).getByRole('button', { name: 'Buy' }).click();
    await shop.locator('pouch-pay').waitFor();
    // The button stands in a closed shadow root: its words ("Auto-pay up to ¥30.00 a month") show in the picture.
    await shot(shop, 'demo-shop-membership');
    const sheet = await openSheet(wallet.context, shop);
    await sheet.setViewportSize({ width: 420, height: 640 });
    await sheet.locator('button[data-armed=true]').waitFor();
    expect(await sheet.getByTestId('agreement-cap').textContent()).toBe(
      lang === 'en' ? 'Up to ¥30.00 a month' : '每月最多 ¥30.00',
    );
    // The balance covers a period's cap, so it is offered first; the shopper chooses the card instead.
    expect(await sheet.locator('input[name=funding][value=balance]').isChecked()).toBe(true);
    await sheet.getByRole('radio', { name: /•••• 0005/ }).check();
    await shot(sheet, 'sheet-agreement');
    expect(await faults(sheet)).toEqual([]);
    await sheet.locator('#pin').fill('135790');
    await sheet.getByRole('button', { name: words.agree }).click();
    await sheet.getByTestId('agreed').waitFor();
    expect(await sheet.getByTestId('agreement-charged-to').textContent()).toBe(words.bankCard);
    await shot(sheet, 'sheet-agreed');
    expect(await faults(sheet)).toEqual([]);
    await sheet.close();
    // The shop heard of the agreement and charged the first month under it: its order is paid.
    await expect.poll(() => shop.locator('#status').textContent(), { timeout: 10_000 }).toBe('Order paid. Thank you!');
    await shop.close();

    // The charge is marked in the history; its screen says so and opens the agreements.
    await popup.reload();
    await popup.locator('[data-sync=synced]').waitFor({ state: 'attached' });
    const charge = popup.getByTestId('recent').getByRole('button').first();
    expect(await charge.textContent()).toContain(words.autoPay);
    await charge.click();
    await popup.getByText(words.autoPayCharge).waitFor();
    expect(await popup.getByText(words.bankCard, { exact: true }).count()).toBe(1);
    await shot(popup, 'popup-autopay-charge');
    expect(await faults(popup)).toEqual([]);
    await popup.getByRole('button', { name: words.agreements }).click();
    // The card it charges says so in Settings, and removing it asks with the agreement in mind.
    await popup.keyboard.press('Escape');
    await popup.keyboard.press('Escape');
    await popup.getByRole('button', { name: words.settings }).first().click();
    expect(await popup.getByTestId('card-auto-pay').textContent()).toBe(words.autoPay);
    const asked = new Promise<string>((resolve) =>
      popup.once('dialog', (dialog) => {
        resolve(dialog.message());
        void dialog.dismiss();
      }),
    );
    await popup.locator('section[aria-labelledby="card-settings-h"] li button.danger').click();
    expect(await asked).toContain(
      lang === 'en' ? 'It pays your auto-pay agreements (1)' : '此卡用于你的免密支付协议（1 个）',
    );
    await popup.getByRole('button', { name: words.agreements }).click();
    const listed = popup.getByTestId('agreements').locator('li[data-state=active]');
    await expect.poll(() => listed.count()).toBe(1);
    expect(await listed.textContent()).toContain(lang === 'en' ? '¥30.00 used this period' : '本期已扣 ¥30.00');
    await shot(popup, 'popup-agreements-active');
    expect(await faults(popup)).toEqual([]);
    await listed.getByRole('button', { name: words.cancelAgreement }).click();
    const cancelled = popup.getByTestId('agreements').locator('li[data-state=cancelled]');
    await expect.poll(() => cancelled.count()).toBe(1);
    expect(await cancelled.textContent()).toContain(words.cancelled);
    const shopApi = merchantApi(env.platform.url, env.shop.credentials.apiKey);
    const { items } = await shopApi.listPayments({ limit: 1 });
    const refused = shopApi.chargeAgreement(items[0]!.agreementId!, `after-cancel-${lang}`, {
      orderId: `renewal-${lang}`,
      amount: 3_000,
    });
    await expect(refused).rejects.toMatchObject({ code: 'agreement_cancelled' });
    await popup.keyboard.press('Escape');
    await popup.keyboard.press('Escape');
  });

  it('keeps an address and a contact, shares them with a shop that asks, and stops sharing in one click', async () => {
    await popup.reload();
    await popup.getByRole('button', { name: words.settings }).first().click();
    await popup.getByRole('button', { name: words.addresses }).click();
    await popup.getByRole('button', { name: words.addAddress }).click();
    const form = popup.getByTestId('address-form');
    await form.getByRole('button', { name: words.saveAddress }).click();
    // Each refusal stands beside its field, in the shopper's language: first the form's own, then the platform's.
    expect(await popup.locator('#address-name').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel(words.recipient).fill(lang === 'en' ? 'Li Lei' : '李雷');
    await form.getByLabel(words.phone).fill('12345');
    await form.getByLabel(words.region).fill('上海市 浦东新区');
    await form.getByLabel(words.street).fill('世纪大道 100 号 501');
    await form.getByRole('button', { name: words.saveAddress }).click();
    await expect
      .poll(() => popup.locator('#address-phone-error').textContent())
      .toContain(lang === 'en' ? '11 digits' : '11 位');
    await form.getByLabel(words.phone).fill('138 0013 8000');
    await form.getByRole('button', { name: words.saveAddress }).click();
    await expect.poll(() => popup.getByTestId('address').count()).toBe(1);
    await popup.getByLabel(words.email, { exact: true }).fill('li.lei@example.com');
    await popup.getByRole('button', { name: words.saveContact }).click();
    await expect.poll(() => popup.getByLabel(words.email, { exact: true }).inputValue()).toBe('li.lei@example.com');
    await shot(popup, 'popup-addresses');
    expect(await faults(popup)).toEqual([]);

    const shop = await wallet.context.newPage();
    await shop.goto(env.shop.url);
    await shop.locator('form', { hasText: 'Jade Dragon figurine' }).getByRole('button', { name: 'Buy' }).click();
    const sheet = await openSheet(wallet.context, shop);
    await sheet.setViewportSize({ width: 420, height: 760 });
    await sheet.locator('button[data-armed=true]').waitFor();
    expect(await sheet.getByTestId('sharing').textContent()).toContain('138 0013 8000');
    expect(await sheet.getByTestId('shared-contact').textContent()).toBe('li.lei@example.com');
    await shot(sheet, 'sheet-sharing');
    expect(await faults(sheet)).toEqual([]);
    await sheet.getByRole('button', { name: words.pay }).click();
    await sheet.getByTestId('paid').waitFor();
    await sheet.close();
    // The shop learns where to post it from the signed webhook, never from its page.
    await expect.poll(() => shop.locator('#status').textContent(), { timeout: 10_000 }).toBe('Order paid. Thank you!');
    await shop.goto(`${shop.url().replace('/checkout/', '/orders/')}`);
    expect(await shop.locator('#ship-to').textContent()).toContain('世纪大道 100 号 501');
    await shop.close();

    await popup.reload();
    await popup.getByRole('button', { name: words.settings }).first().click();
    await popup.getByRole('button', { name: words.addresses }).click();
    const shared = popup.getByTestId('shares').locator('li');
    await expect.poll(() => shared.count()).toBe(1);
    await shared.getByRole('button', { name: words.stopSharing }).click();
    await expect.poll(() => shared.getAttribute('data-revoked')).toBe('true');
    await shot(popup, 'popup-addresses-shared');
    const shopApi = merchantApi(env.platform.url, env.shop.credentials.apiKey);
    const { items } = await shopApi.listPayments({ limit: 1 });
    const after = await fetch(`${env.platform.url}/v1/merchant/payments/${items[0]!.id}/shared`, {
      headers: { authorization: `Bearer ${env.shop.credentials.apiKey}` },
    });
    expect(Object.keys(await after.json())).toEqual(['revokedAt']);
    await popup.keyboard.press('Escape');
    await popup.keyboard.press('Escape');
  });

  it.each(SCREENS)('shows the %s screen, its heading focused, and Esc goes back', async (screen, steps) => {
    await popup.reload();
    await popup.locator('[data-sync=synced]').waitFor({ state: 'attached' });
    let opener = '';
    for (const step of steps) {
      const button =
        step === 'latest'
          ? popup.getByTestId('recent').getByRole('button').first()
          : popup.getByRole('button', { name: words[step] }).first();
      opener = (await button.textContent())!.trim();
      await button.click();
    }
    await popup.waitForLoadState('networkidle');
    if (steps.length) {
      // The screen says where the person is: its heading has focus.
      await expect
        .poll(() => popup.evaluate(() => document.activeElement?.matches('div:not([hidden]) > .screen h1')))
        .toBe(true);
    }
    await shot(popup, `popup-${screen.replace(/ /g, '-')}`);
    expect(await faults(popup)).toEqual([]);
    if (steps.length) {
      // Esc goes back one screen, focus back on what opened this one.
      await popup.keyboard.press('Escape');
      await expect.poll(() => focused(popup)).toBe(opener);
    }
  });

  it('asks for consent to sign in', async () => {
    const shop = await wallet.context.newPage();
    await shop.goto(`${env.shop.url}/account`);
    await shop.locator('pouch-sign-in').waitFor();
    await pastClickGuard();
    const [consent] = await Promise.all([wallet.context.waitForEvent('page'), shop.locator('pouch-sign-in').click()]);
    await consent.getByRole('button', { name: words.signIn, exact: true }).waitFor();
    await shot(consent, 'sign-in-consent');
    expect(await faults(consent)).toEqual([]);
    await consent.close();
    await shop.close();
  });

  it('asks what to share at sign-in when the site asks, and the site gets only that', async () => {
    const shop = await wallet.context.newPage();
    await shop.goto(`${env.shop.url}/account?share=contact`);
    await shop.locator('pouch-sign-in').waitFor();
    await pastClickGuard();
    const [consent] = await Promise.all([wallet.context.waitForEvent('page'), shop.locator('pouch-sign-in').click()]);
    await consent.getByTestId('shared-contact').waitFor();
    expect(await consent.getByTestId('shared-contact').textContent()).toBe('li.lei@example.com');
    await consent.locator('button[data-armed=true]').waitFor();
    await shot(consent, 'sign-in-consent-sharing');
    expect(await faults(consent)).toEqual([]);
    await consent.getByRole('button', { name: words.signIn, exact: true }).click();
    await expect
      .poll(
        () =>
          shop
            .locator('#email')
            .textContent()
            .catch(() => null),
        { timeout: 10_000 },
      )
      .toBe('li.lei@example.com');
    await shop.close();
  });

  it('asks for the PIN once locked, and offers the recovery code for a forgotten one', async () => {
    await popup.reload();
    await popup.getByRole('button', { name: words.lock }).click();
    await popup.getByRole('heading', { name: words.locked }).waitFor();
    await shot(popup, 'popup-locked');
    expect(await faults(popup)).toEqual([]);
    await popup.getByRole('button', { name: words.forgot }).click();
    await popup.locator('#forgot-code-1').waitFor();
    await shot(popup, 'popup-forgot-pin');
    expect(await faults(popup)).toEqual([]);
  });
});

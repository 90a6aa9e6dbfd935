import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousFaults } from '../support/axe';
import { launchWallet, type WalletBrowser } from '../support/chromium';
import { onboard, openSheet, startPlatformAndShop } from '../support/shop';

const PIN = '135790';
let env: Awaited<ReturnType<typeof startPlatformAndShop>>;
let first: WalletBrowser;
let popup: Page;
let recoveryCode: string;

beforeAll(async () => {
  env = await startPlatformAndShop();
  first = await launchWallet();
  popup = await first.context.newPage();
  await popup.setViewportSize({ width: 360, height: 640 });
  await popup.goto(first.popupUrl);
  recoveryCode = await onboard(popup, env.platform.url, { topUp: '300', pin: PIN });
});
afterAll(async () => {
  await first?.close();
  await env?.close();
});

async function unlock(page: Page, pin: string) {
  await page.getByLabel('Payment PIN').fill(pin);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
}

describe('the lock', () => {
  it('locks by the button: only the unlock screen shows, until the right PIN', async () => {
    await popup.getByRole('button', { name: 'Lock' }).click();
    await popup.getByRole('heading', { name: 'Pouch is locked' }).waitFor();
    expect(await popup.getByTestId('balance').count()).toBe(0);
    expect(await popup.textContent('body')).not.toContain('300.00');
    // The platform ended the session too: no session row is left for this wallet.
    expect(await env.platform.platform.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
    expect(await seriousFaults(popup)).toEqual([]);
    await popup.screenshot({ path: 'test-results/popup-locked.png' });
    await unlock(popup, '000000');
    await expect.poll(() => popup.getByRole('alert').textContent()).toContain('Wrong PIN');
    await popup.reload();
    await unlock(popup, PIN);
    await expect.poll(() => popup.getByTestId('balance').textContent()).toBe('¥300.00');
  });

  it('adds a passkey after the PIN, unlocks with it (user verified), and still asks the PIN for a step-up', async () => {
    // Chromium's virtual authenticator (DevTools WebAuthn domain): a platform authenticator that verifies its user.
    const cdp = await first.context.newCDPSession(popup);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    await popup.getByRole('button', { name: 'Settings' }).click();
    // The PIN typed to unlock a moment ago counts as the step-up.
    await popup.getByRole('button', { name: 'Add a passkey' }).click();
    await expect
      .poll(() => popup.getByRole('status').allTextContents())
      .toContain('Passkey added: you can unlock with it next time.');
    expect(await popup.getByTestId('passkeys').textContent()).toContain('This browser');
    await popup.screenshot({ path: 'test-results/popup-passkey.png', fullPage: true });
    const [stored] = await env.platform.platform.db.selectFrom('passkeys').selectAll().execute();
    expect(stored).toMatchObject({ origin: expect.stringMatching(/^chrome-extension:\/\/[a-p]{32}$/) });
    expect(stored!.rp_id).toBe(stored!.origin);

    await popup.keyboard.press('Escape');
    await popup.getByRole('button', { name: 'Lock' }).click();
    await popup.getByRole('button', { name: 'Unlock with passkey' }).click();
    await expect.poll(() => popup.getByTestId('balance').textContent()).toBe('¥300.00');
    const sessions = await env.platform.platform.db.selectFrom('sessions').select('pin_verified_at').execute();
    expect(sessions).toEqual([{ pin_verified_at: null }]);
    const send = (message: object) =>
      popup.evaluate((m) => (globalThis as any).chrome.runtime.sendMessage(m), message) as Promise<any>;
    // A passkey proves the person, not the PIN: a step-up still asks for it.
    expect((await send({ type: 'devices.linkCode' })).error.reason).toBe('pin_required');

    // An assertion is good once, for its own challenge.
    const signed = await popup.evaluate(async () => {
      const m = (message: object) => (globalThis as any).chrome.runtime.sendMessage(message);
      const asked = (await m({ type: 'wallet.passkeyChallenge' })).data;
      const b64 = (bytes: Uint8Array) =>
        btoa(String.fromCharCode(...bytes))
          .replace(/\+/g, '-')
          .replace(/\//g, '_')
          .replace(/=+$/, '');
      const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON({
        challenge: b64(new TextEncoder().encode(asked.challenge)),
        allowCredentials: [{ id: asked.passkeyId, type: 'public-key' }],
        userVerification: 'required',
      });
      const credential = (await navigator.credentials.get({ publicKey })) as PublicKeyCredential;
      return { challenge: asked.challenge as string, passkey: credential.toJSON() };
    });
    expect((await send({ type: 'wallet.unlockWithPasskey', ...signed })).ok).toBe(true);
    expect((await send({ type: 'wallet.unlockWithPasskey', ...signed })).error.reason).toBe('challenge_invalid');
    const fresh = (await send({ type: 'wallet.passkeyChallenge' })).data.challenge;
    const replayed = await send({ type: 'wallet.unlockWithPasskey', challenge: fresh, passkey: signed.passkey });
    expect(replayed.error.reason).toBe('passkey_invalid');

    // An authenticator that cannot verify its user does not unlock: the PIN does.
    await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
    await popup.getByRole('button', { name: 'Lock' }).click();
    await popup.getByRole('button', { name: 'Unlock with passkey' }).click();
    await expect.poll(() => popup.getByRole('alert').textContent()).toMatch(/PIN/);
    expect(await popup.getByTestId('balance').count()).toBe(0);
    await unlock(popup, PIN);
    await expect.poll(() => popup.getByTestId('balance').textContent()).toBe('¥300.00');
    await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
  });

  it('locks when idle past the time set in settings', async () => {
    await popup.getByRole('button', { name: 'Settings' }).click();
    await popup.getByLabel('Lock after idle').selectOption('1');
    await popup.getByText('Auto-lock time saved.').waitFor();
    const device = await env.platform.platform.db
      .selectFrom('devices')
      .select('auto_lock_minutes')
      .executeTakeFirstOrThrow();
    expect(device.auto_lock_minutes).toBe(1);
    expect(await seriousFaults(popup)).toEqual([]);
    await popup.screenshot({ path: 'test-results/popup-settings.png', fullPage: true });
    // A minute passes with nothing done: both clocks move past the idle deadline (the platform's and this browser's).
    await env.platform.platform.db
      .updateTable('sessions')
      .set({ idle_until: new Date(Date.now() - 1_000) })
      .execute();
    await first.worker.evaluate(async () => {
      const chrome = (globalThis as any).chrome;
      const { platformSession } = await chrome.storage.session.get('platformSession');
      await chrome.storage.session.set({
        platformSession: { ...platformSession, idleUntil: new Date(Date.now() - 1_000).toISOString() },
      });
    });
    await popup.reload();
    await popup.getByRole('heading', { name: 'Pouch is locked' }).waitFor();
    await unlock(popup, PIN);
    await popup.getByTestId('balance').waitFor();
  });

  it('pays from a locked wallet: the sheet asks for the PIN first, then pays', async () => {
    await popup.getByRole('button', { name: 'Lock' }).click();
    await popup.getByRole('heading', { name: 'Pouch is locked' }).waitFor();
    const shop = await first.context.newPage();
    await shop.goto(env.shop.url);
    await shop.locator('form', { hasText: '¥100 mobile top-up' }).getByRole('button', { name: 'Buy' }).click();
    await shop.waitForURL(/\/checkout\//);
    const sheet = await openSheet(first.context, shop);
    await sheet.getByRole('heading', { name: 'Pouch is locked' }).waitFor();
    expect(await sheet.getByTestId('amount').textContent()).toBe('¥98.00');
    // Locked, the sheet shows the order and nothing the wallet holds.
    expect(await sheet.textContent('body')).not.toContain('300.00');
    await sheet.screenshot({ path: 'test-results/payment-sheet-locked.png', fullPage: true });
    await unlock(sheet, PIN);
    await sheet.getByTestId('balance-after').waitFor();
    await sheet.getByRole('button', { name: 'Pay ¥98.00' }).click();
    await sheet.getByTestId('paid').waitFor();
    await expect.poll(() => shop.locator('#status').textContent(), { timeout: 10_000 }).toBe('Order paid. Thank you!');
    await shop.close();
    await popup.reload();
    await expect.poll(() => popup.getByTestId('balance').textContent()).toBe('¥202.00');
  });
});

describe('settings', () => {
  it('changes the PIN: the old one no longer unlocks, the new one does', async () => {
    await popup.reload();
    await popup.getByRole('button', { name: 'Settings' }).click();
    await popup.getByLabel('Current PIN').fill(PIN);
    await popup.getByLabel('New PIN').fill('246802');
    await popup.getByLabel('Repeat the PIN').fill('246802');
    await popup.getByRole('button', { name: 'Change PIN', exact: true }).click();
    await popup.getByText('PIN changed.').waitFor();
    await popup.keyboard.press('Escape');
    await popup.getByRole('button', { name: 'Lock' }).click();
    await unlock(popup, PIN);
    await expect.poll(() => popup.getByRole('alert').textContent()).toContain('Wrong PIN');
    await popup.reload();
    await unlock(popup, '246802');
    await popup.getByTestId('balance').waitFor();
    await popup.getByRole('button', { name: 'Settings' }).click();
    await popup.getByLabel('Current PIN').fill('246802');
    await popup.getByLabel('New PIN').fill(PIN);
    await popup.getByLabel('Repeat the PIN').fill(PIN);
    await popup.getByRole('button', { name: 'Change PIN', exact: true }).click();
    await popup.getByText('PIN changed.').waitFor();
  });

  it('exports the whole history as CSV with headers in the reader’s language', async () => {
    const [download] = await Promise.all([
      popup.waitForEvent('download'),
      popup.getByRole('button', { name: 'Export history (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^pouch-history-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Transaction ID,Date (UTC),Type,Description,Amount,Currency,Status,Shop ID,Payment ID,Order,Order amount,' +
        'Coupon discount,Points discount,Points earned,Points redeemed,Auto-pay agreement',
    );
    // Money out is negative: the column sums to the balance's change.
    expect(lines.slice(1).map((line) => line.split(',').slice(2, 6).join(','))).toEqual([
      'payment,Pouch Demo Shop · ¥100 mobile top-up,-98.00,CNY',
      'topup,Top-up from •••• 0005,300.00,CNY',
    ]);
    await popup.getByText('Exported 2 transactions.').waitFor();
  });

  it('makes a new recovery code only after saying the old one stops working', async () => {
    await popup.getByRole('button', { name: 'Make a new recovery code' }).click();
    expect(await popup.getByTestId('recovery-renew-warning').textContent()).toContain('stops working');
    await popup.getByRole('button', { name: 'Keep my current code' }).click();
    await popup.getByRole('button', { name: 'Make a new recovery code' }).click();
    await popup.getByRole('button', { name: 'Yes, make a new code' }).click();
    const renewed = (await popup.getByTestId('recovery-code').textContent())!.trim();
    expect(renewed).not.toBe(recoveryCode);
    // The second browser below recovers the wallet with the new code: the old one no longer works.
    recoveryCode = renewed;
    await popup.getByLabel('Type the last group of four').fill(renewed.slice(-4));
    await popup.getByRole('button', { name: 'Continue' }).click();
  });
});

describe('a forgotten PIN', () => {
  it('sets a new PIN with the recovery code from the unlock screen, and unlocks', async () => {
    await popup.reload();
    await popup.getByRole('button', { name: 'Lock' }).click();
    await popup.getByRole('button', { name: 'Forgot your PIN?' }).click();
    await popup.getByRole('heading', { name: 'Set a new PIN' }).waitFor();
    const groups = recoveryCode.split('-');
    const wrong = [...groups.slice(0, 7), groups[7] === '0000' ? '1111' : '0000'].join('-');
    await popup.getByLabel('Recovery code, group 1 of 8').fill(wrong);
    await popup.getByLabel('New PIN', { exact: true }).fill('582914');
    await popup.getByLabel('Repeat the PIN').fill('582914');
    await popup.getByRole('button', { name: 'Set new PIN and unlock' }).click();
    await expect.poll(() => popup.getByRole('alert').textContent()).toContain('The recovery code is not right');
    expect(await seriousFaults(popup)).toEqual([]);
    await popup.screenshot({ path: 'test-results/popup-forgot-pin.png', fullPage: true });

    await popup.getByLabel('Recovery code, group 1 of 8').fill(recoveryCode);
    await popup.getByRole('button', { name: 'Set new PIN and unlock' }).click();
    await popup.getByTestId('balance').waitFor();
    // The old PIN opens nothing now; the new one does. Then the PIN goes back to what the tests below use.
    await popup.getByRole('button', { name: 'Lock' }).click();
    await unlock(popup, PIN);
    await expect.poll(() => popup.getByRole('alert').textContent()).toContain('Wrong PIN');
    await unlock(popup, '582914');
    await popup.getByRole('button', { name: 'Settings' }).click();
    await popup.getByLabel('Current PIN').fill('582914');
    await popup.getByLabel('New PIN').fill(PIN);
    await popup.getByLabel('Repeat the PIN').fill(PIN);
    await popup.getByRole('button', { name: 'Change PIN', exact: true }).click();
    await popup.getByText('PIN changed.').waitFor();
  });
});

describe('a second browser', () => {
  let second: WalletBrowser;
  afterAll(() => second?.close());

  it('recovers the wallet in a fresh profile with the recovery code and the PIN, signing the lost one out', async () => {
    second = await launchWallet();
    const fresh = await second.context.newPage();
    await fresh.setViewportSize({ width: 360, height: 640 });
    await fresh.goto(second.popupUrl);
    await fresh.getByRole('button', { name: 'I already have a Pouch wallet' }).click();
    // A code with a misread group is said beside the boxes, naming the group, before anything is sent.
    const groups = recoveryCode.split('-');
    const misread = [groups[0], 'U' + groups[1]!.slice(1), ...groups.slice(2)].join('-');
    await fresh.getByLabel('Recovery code, group 1 of 8').fill(misread);
    await fresh.getByLabel('Payment PIN').fill(PIN);
    await fresh.getByRole('button', { name: 'Open my wallet' }).click();
    await expect.poll(() => fresh.getByRole('alert').first().textContent()).toContain('Group 2 is not right');
    // Pasting the whole code into the first box runs on into the other seven.
    await fresh.getByLabel('Recovery code, group 1 of 8').fill(recoveryCode.toLowerCase());
    expect(await fresh.getByLabel('Recovery code, group 8 of 8').inputValue()).toBe(groups[7]);
    await fresh.getByLabel('Sign out every other browser (a lost or stolen one)').check();
    await fresh.getByText('Advanced').click();
    await fresh.getByLabel('Platform address').fill(env.platform.url);
    expect(await seriousFaults(fresh)).toEqual([]);
    await fresh.screenshot({ path: 'test-results/popup-recover.png', fullPage: true });
    await fresh.getByRole('button', { name: 'Open my wallet' }).click();
    await expect.poll(() => fresh.getByTestId('balance').textContent(), { timeout: 10_000 }).toBe('¥202.00');
    const history = await fresh.getByTestId('recent').locator('li').allTextContents();
    expect(history.some((row) => row.includes('Pouch Demo Shop'))).toBe(true);
    expect(history.some((row) => row.includes('Top-up from •••• 0005'))).toBe(true);

    // The first browser is locked out: its session is gone, and its key opens no new one.
    await popup.reload();
    await popup.getByRole('heading', { name: 'Pouch is locked' }).waitFor();
    await unlock(popup, PIN);
    await expect.poll(() => popup.getByRole('alert').textContent()).toContain('no longer one of your wallet');
  });

  it('links a third browser with a code the second one shows, and revokes it from the devices list', async () => {
    const secondPopup = await second.context.newPage();
    await secondPopup.setViewportSize({ width: 360, height: 640 });
    await secondPopup.goto(second.popupUrl);
    await secondPopup.getByRole('button', { name: 'Settings' }).click();
    await secondPopup.getByRole('button', { name: 'Link a device' }).click();
    const linkCode = (await secondPopup.getByTestId('link-code').textContent())!;
    expect(linkCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    const third = await launchWallet();
    try {
      const page = await third.context.newPage();
      await page.goto(third.popupUrl);
      await page.getByRole('button', { name: 'I already have a Pouch wallet' }).click();
      await page.getByLabel('A code from my other browser').check();
      await page.getByLabel('Link code, group 1 of 2').fill(linkCode);
      await page.getByLabel('Payment PIN').fill(PIN);
      await page.getByText('Advanced').click();
      await page.getByLabel('Platform address').fill(env.platform.url);
      await page.getByRole('button', { name: 'Open my wallet' }).click();
      await expect.poll(() => page.getByTestId('balance').textContent(), { timeout: 10_000 }).toBe('¥202.00');

      await secondPopup.reload();
      await secondPopup.getByRole('button', { name: 'Settings' }).click();
      const devices = secondPopup.locator('.devices li');
      await expect.poll(() => devices.count()).toBe(2);
      await secondPopup.screenshot({ path: 'test-results/popup-devices.png', fullPage: true });
      await devices.filter({ hasNotText: 'This browser' }).getByRole('button', { name: 'Sign out' }).click();
      await expect.poll(() => devices.count()).toBe(1);
      expect(await secondPopup.getByTestId('devices-done').textContent()).toMatch(
        /^\u2068.+ on .+\u2069 is signed out of this wallet\.$/,
      );
      await page.reload();
      await page.getByRole('heading', { name: 'Pouch is locked' }).waitFor();
      const revokedSessions = await env.platform.platform.db
        .selectFrom('sessions')
        .innerJoin('devices', 'devices.id', 'sessions.device_id')
        .where('devices.revoked_at', 'is not', null)
        .select('sessions.token_hash')
        .execute();
      expect(revokedSessions).toEqual([]);
    } finally {
      await third.close();
    }
  });
});

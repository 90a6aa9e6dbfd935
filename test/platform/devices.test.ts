import { describe, expect, it } from 'vitest';
import { sha256 } from '../../platform/ids';
import { BACKENDS, stalePin, type TestPlatform, platformWithShop } from '../support/platform';
import { TestWallet, type TestMerchant } from '../support/wallet-client';

const PIN = '246810';

describe.each(BACKENDS)('locking, devices and recovery on %s', (backend) => {
  let platform: TestPlatform;
  let merchant: TestMerchant;

  platformWithShop(backend, (started) => ({ platform, merchant } = started));

  /** A wallet with ¥500 on its balance and one payment in its history. */
  async function fundedWallet() {
    const wallet = await TestWallet.create(platform.url, PIN);
    expect((await wallet.topUp(await wallet.addCard(), 50_000)).status).toBe(201);
    expect((await wallet.pay(await merchant.tag({ amount: 1_000 }))).status).toBe(201);
    return wallet;
  }

  it('opens a session only with a device key and the PIN; locking ends it for every copy of the token', async () => {
    const wallet = await TestWallet.create(platform.url, PIN);
    const noPin = await wallet.call('POST', '/v1/sessions', {
      walletId: wallet.walletId,
      challenge: 'x',
      signature: 'x',
    });
    expect([noPin.status, noPin.body.issues[0].field]).toEqual([400, 'pin']);
    expect((await wallet.signIn('111111')).body.code).toBe('pin_incorrect');
    const session = await wallet.signIn();
    expect(session.body).toMatchObject({ autoLockMinutes: 15, deviceId: wallet.deviceId });
    expect(Date.parse(session.body.idleUntil)).toBeLessThan(Date.parse(session.body.expiresAt));
    const copy = wallet.at(platform.url);
    expect((await wallet.call('DELETE', '/v1/wallet/session')).body).toEqual({ locked: true });
    const after = await copy.call('GET', '/v1/wallet');
    expect([after.status, after.body.code]).toEqual([401, 'session_expired']);
  });

  it('ends a session idle past the device auto-lock time, and moves the deadline on with use', async () => {
    const wallet = await TestWallet.create(platform.url, PIN);
    const bad = await wallet.call('PUT', '/v1/wallet/auto-lock', { minutes: 7 });
    expect([bad.status, bad.body.issues]).toEqual([
      400,
      [{ field: 'minutes', expected: 'expected 1, 5, 15 or 60 minutes' }],
    ]);
    expect((await wallet.call('PUT', '/v1/wallet/auto-lock', { minutes: 1 })).body).toEqual({ autoLockMinutes: 1 });
    const sessions = () =>
      platform.platform.db.selectFrom('sessions').selectAll().where('token_hash', '=', sha256(wallet.token));
    // A shorter time applies to the open session at once, not after the old fifteen minutes.
    const shortened = await sessions().executeTakeFirstOrThrow();
    expect(shortened.idle_until.getTime()).toBeLessThan(Date.now() + 61_000);
    // Used after the deadline fell behind by more than the slack: moved to a minute from now.
    await platform.platform.db
      .updateTable('sessions')
      .set({ idle_until: new Date(Date.now() + 5_000) })
      .where('token_hash', '=', sha256(wallet.token))
      .execute();
    expect((await wallet.call('GET', '/v1/wallet')).status).toBe(200);
    const moved = await sessions().executeTakeFirstOrThrow();
    expect(moved.idle_until.getTime()).toBeGreaterThan(Date.now() + 50_000);
    // Idle past it: refused, as after the minute passes.
    await platform.platform.db
      .updateTable('sessions')
      .set({ idle_until: new Date(Date.now() - 1) })
      .where('token_hash', '=', sha256(wallet.token))
      .execute();
    expect((await wallet.call('GET', '/v1/wallet')).body.code).toBe('session_expired');
    expect((await wallet.signIn()).body.autoLockMinutes).toBe(1);
  });

  it('recovers the wallet into a fresh browser with the recovery code and the PIN', async () => {
    const first = await fundedWallet();
    expect(first.recoveryCode).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/);
    const typed = first.recoveryCode.toLowerCase().replace(/-/g, ' ');
    const { wallet: second, status } = await TestWallet.join(platform.url, '/v1/wallets/recover', {
      recoveryCode: typed,
      pin: PIN,
    });
    expect(status).toBe(201);
    expect(second.walletId).toBe(first.walletId);
    expect(await second.balance()).toBe(49_000);
    const history = await second.call('GET', '/v1/wallet/transactions');
    expect(history.body.items.map((t: { kind: string }) => t.kind)).toEqual(['payment', 'topup']);
    const devices = await second.call('GET', '/v1/wallet/devices');
    expect(devices.body.items.map((d: { name: string; current: boolean }) => [d.name, d.current])).toEqual([
      ['Browser', false],
      ['Second browser', true],
    ]);
    // Both browsers hold the wallet until one is revoked.
    expect((await first.call('GET', '/v1/wallet')).status).toBe(200);
  });

  it('refuses a wrong recovery code or PIN on the PIN tries, and a renewed code replaces the old one', async () => {
    const wallet = await TestWallet.create(platform.url, PIN);
    const recover = (recoveryCode: string, pin = PIN) =>
      TestWallet.join(platform.url, '/v1/wallets/recover', { recoveryCode, pin });
    const malformed = await recover('ABCD-EFGH');
    expect([malformed.status, malformed.body.issues[0].field]).toEqual([400, 'recoveryCode']);
    const unknown = await recover('ZZZZ-ZZZZ-' + wallet.recoveryCode.slice(10));
    expect([unknown.status, unknown.body.code]).toEqual([404, 'recovery_code_unknown']);
    const wrongSecret = await recover(
      wallet.recoveryCode.slice(0, -4) + (wallet.recoveryCode.endsWith('0000') ? '1111' : '0000'),
    );
    expect([wrongSecret.status, wrongSecret.body.code]).toEqual([403, 'recovery_code_incorrect']);
    expect(wrongSecret.body.detail).toContain('4 tries left');
    expect((await recover(wallet.recoveryCode, '111111')).body.code).toBe('pin_incorrect');

    await stalePin(platform, wallet);
    expect((await wallet.call('POST', '/v1/wallet/recovery-code', {})).body.code).toBe('pin_required');
    const renewed = await wallet.call('POST', '/v1/wallet/recovery-code', { pin: PIN });
    expect(renewed.body.recoveryCode).not.toBe(wallet.recoveryCode);
    expect((await recover(wallet.recoveryCode)).body.code).toBe('recovery_code_unknown');
    expect((await recover(renewed.body.recoveryCode)).status).toBe(201);
    // And again: the code works at every use, until renewed.
    expect((await recover(renewed.body.recoveryCode)).status).toBe(201);
  });

  it('locks recovery after five wrong tries, even with the right code then', async () => {
    const wallet = await TestWallet.create(platform.url, PIN);
    const tries = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        TestWallet.join(platform.url, '/v1/wallets/recover', {
          recoveryCode: wallet.recoveryCode,
          pin: String(100_000 + i),
        }),
      ),
    );
    const codes = tries.map((t) => t.body.code as string);
    expect(codes.filter((c) => c === 'pin_incorrect').length).toBeLessThanOrEqual(4);
    expect(codes.filter((c) => c !== 'pin_incorrect' && c !== 'pin_locked')).toEqual([]);
    const right = await TestWallet.join(platform.url, '/v1/wallets/recover', {
      recoveryCode: wallet.recoveryCode,
      pin: PIN,
    });
    expect([right.status, right.body.code]).toEqual([423, 'pin_locked']);
  });

  it('sets a forgotten PIN with this browser and the recovery code; every other session ends', async () => {
    const wallet = await fundedWallet();
    const other = (
      await TestWallet.join(platform.url, '/v1/wallets/recover', {
        recoveryCode: wallet.recoveryCode,
        pin: PIN,
      })
    ).wallet;
    const stranger = await TestWallet.create(platform.url, PIN);

    const easy = await wallet.resetPin(wallet.recoveryCode, '123456');
    expect([easy.status, easy.body.issues[0].field]).toEqual([400, 'newPin']);
    // Another wallet's code, or a wrong secret, is a wrong try on this wallet's PIN tries.
    const foreign = await wallet.resetPin(stranger.recoveryCode, '582914');
    expect([foreign.status, foreign.body.code]).toEqual([403, 'recovery_code_incorrect']);
    expect(foreign.body.detail).toContain('4 tries left');
    // A browser that is not one of the wallet's cannot use the code: its key signs nothing the platform knows.
    const outsider = stranger.at(platform.url);
    Object.assign(outsider, { walletId: wallet.walletId });
    expect((await outsider.resetPin(wallet.recoveryCode, '582914')).body.code).toBe('signature_invalid');

    const reset = await wallet.resetPin(wallet.recoveryCode.toLowerCase(), '582914');
    expect(reset.status).toBe(200);
    expect(reset.body.deviceId).toBe(wallet.deviceId);
    expect((await wallet.call('GET', '/v1/wallet')).status).toBe(200);
    // The other browser's session ended; the old PIN opens nothing, the new one does.
    expect((await other.call('GET', '/v1/wallet')).status).toBe(401);
    expect((await other.signIn(PIN)).body.code).toBe('pin_incorrect');
    expect((await other.signIn('582914')).status).toBe(200);
  });

  it('locks a PIN reset after five wrong codes, on the same tries as the PIN', async () => {
    const wallet = await TestWallet.create(platform.url, PIN);
    const wrong = wallet.recoveryCode.slice(0, -4) + (wallet.recoveryCode.endsWith('0000') ? '1111' : '0000');
    const tries = await Promise.all(Array.from({ length: 8 }, () => wallet.resetPin(wrong, '582914')));
    const codes = tries.map((t) => t.body.code as string);
    expect(codes.filter((c) => c === 'recovery_code_incorrect').length).toBeLessThanOrEqual(4);
    expect(codes.filter((c) => c !== 'recovery_code_incorrect' && c !== 'pin_locked')).toEqual([]);
    expect((await wallet.resetPin(wallet.recoveryCode, '582914')).body.code).toBe('pin_locked');
    expect((await wallet.signIn(PIN)).body.code).toBe('pin_locked');
  });

  it('recovering with revokeOtherDevices locks the lost browser out at once', async () => {
    const lost = await fundedWallet();
    const { wallet: found } = await TestWallet.join(platform.url, '/v1/wallets/recover', {
      recoveryCode: lost.recoveryCode,
      pin: PIN,
      revokeOtherDevices: true,
    });
    expect(await found.balance()).toBe(49_000);
    expect((await lost.call('GET', '/v1/wallet')).body.code).toBe('session_expired');
    const again = await lost.signIn();
    expect([again.status, again.body.code]).toEqual([401, 'signature_invalid']);
    expect((await found.call('GET', '/v1/wallet/devices')).body.items).toHaveLength(1);
  });

  it('links a device with a one-time code and the PIN: single use, and only with a fresh PIN to show it', async () => {
    const wallet = await fundedWallet();
    await stalePin(platform, wallet);
    // A token alone shows no link code.
    expect((await wallet.call('POST', '/v1/wallet/link-codes', {})).body.code).toBe('pin_required');
    const shown = await wallet.call('POST', '/v1/wallet/link-codes', { pin: PIN });
    expect(shown.body.linkCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(Date.parse(shown.body.expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);
    const link = (linkCode: string, pin = PIN) => TestWallet.join(platform.url, '/v1/devices/link', { linkCode, pin });
    const wrongPin = await link(shown.body.linkCode, '111111');
    expect(wrongPin.body.code).toBe('pin_incorrect');
    const linked = await link(shown.body.linkCode);
    expect(linked.status).toBe(201);
    expect(await linked.wallet.balance()).toBe(49_000);
    expect((await link(shown.body.linkCode)).body.code).toBe('link_code_invalid');
    const bad = await link('12');
    expect([bad.status, bad.body.issues[0].field]).toEqual([400, 'linkCode']);
    // Expired codes are refused too.
    const old = await wallet.call('POST', '/v1/wallet/link-codes', {});
    await platform.platform.db
      .updateTable('link_codes')
      .set({ expires_at: new Date(Date.now() - 1) })
      .execute();
    expect((await link(old.body.linkCode)).body.code).toBe('link_code_invalid');
  });

  it('revokes another device with the PIN; its token and its key stop working', async () => {
    const wallet = await fundedWallet();
    const code = (await wallet.call('POST', '/v1/wallet/link-codes', {})).body.linkCode;
    const { wallet: other } = await TestWallet.join(platform.url, '/v1/devices/link', { linkCode: code, pin: PIN });
    const self = await wallet.call('POST', `/v1/wallet/devices/${wallet.deviceId}/revoke`, {});
    expect([self.status, self.body.code]).toEqual([409, 'device_current']);
    await stalePin(platform, wallet);
    expect((await wallet.call('POST', `/v1/wallet/devices/${other.deviceId}/revoke`, {})).body.code).toBe(
      'pin_required',
    );
    // Another wallet's device is not this wallet's to revoke.
    const stranger = await TestWallet.create(platform.url, PIN);
    const foreign = await wallet.call('POST', `/v1/wallet/devices/${stranger.deviceId}/revoke`, { pin: PIN });
    expect([foreign.status, foreign.body.code]).toEqual([404, 'device_not_found']);
    expect((await stranger.call('GET', '/v1/wallet')).status).toBe(200);

    const revoked = await wallet.call('POST', `/v1/wallet/devices/${other.deviceId}/revoke`, { pin: PIN });
    expect(revoked.body.items.map((d: { id: string }) => d.id)).toEqual([wallet.deviceId]);
    expect((await other.call('GET', '/v1/wallet')).body.code).toBe('session_expired');
    expect((await other.signIn()).body.code).toBe('signature_invalid');
  });

  it('never leaves a revoked device a session, however its unlocking and the revoke interleave', async () => {
    const owner = await TestWallet.create(platform.url, PIN);
    // The device unlocks (challenge, then the slow PIN check) while the owner revokes it a little later each time.
    for (let delayMs = 0; delayMs <= 45; delayMs += 3) {
      const code = (await owner.call('POST', '/v1/wallet/link-codes', {})).body.linkCode;
      const { wallet: device } = await TestWallet.join(platform.url, '/v1/devices/link', { linkCode: code, pin: PIN });
      const unlocking = device.signIn();
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      const revoked = await owner.call('POST', `/v1/wallet/devices/${device.deviceId}/revoke`, {});
      expect(revoked.status).toBe(200);
      // Either the unlock finished first (and the revoke then ended its session) or it found the device gone.
      expect([200, 401]).toContain((await unlocking).status);
      const after = await device.call('GET', '/v1/wallet');
      expect([delayMs, after.status]).toEqual([delayMs, 401]);
      expect(
        await platform.platform.db
          .selectFrom('sessions')
          .select('token_hash')
          .where('device_id', '=', device.deviceId)
          .execute(),
      ).toEqual([]);
    }
  });

  it('refuses device and merchant keys that are not points on P-256, naming the field', async () => {
    const good = (await TestWallet.create(platform.url, PIN)).publicJwk as { x: string; y: string };
    const offCurve = { kty: 'EC', crv: 'P-256', x: good.y, y: good.y };
    const wallet = await fetch(new URL('/v1/wallets', platform.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ devicePublicKey: offCurve, pin: PIN }),
    });
    expect([wallet.status, (await wallet.json()).issues]).toEqual([
      400,
      [
        {
          field: 'devicePublicKey',
          expected: 'expected a P-256 public key: x and y are not the coordinates of a point on the curve',
        },
      ],
    ]);
    const other = (await TestWallet.create(platform.url, PIN)).publicJwk as { y: string };
    const shop = await fetch(new URL('/v1/merchants', platform.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Off-curve shop',
        category: 'flowers',
        origins: ['https://off-curve.example'],
        webhookUrl: 'https://off-curve.example/hooks',
        publicJwk: { ...good, kty: 'EC', crv: 'P-256', y: other.y },
      }),
    });
    expect([shop.status, (await shop.json()).issues[0].field]).toEqual([400, 'publicJwk']);
  });

  it('unlocks with a good device key though the wallet also holds one WebCrypto will not import', async () => {
    const wallet = await TestWallet.create(platform.url, PIN);
    // Stored before keys were checked on arrival: x and y of no point; last used, so tried first.
    await platform.platform.db
      .insertInto('devices')
      .values({
        id: 'dev_off_curve',
        wallet_id: wallet.walletId,
        name: 'Old browser',
        public_jwk: JSON.stringify({ kty: 'EC', crv: 'P-256', x: wallet.publicJwk.y, y: wallet.publicJwk.y }),
        last_used_at: new Date(Date.now() + 60_000),
      })
      .execute();
    expect((await wallet.signIn()).status).toBe(200);
  });

  it('changes the PIN with the current one; the old one stops working', async () => {
    const wallet = await TestWallet.create(platform.url, PIN);
    const change = (body: unknown) => wallet.call('PUT', '/v1/wallet/pin', body);
    const same = await change({ pin: PIN, newPin: PIN });
    expect([same.status, same.body.issues]).toEqual([
      400,
      [{ field: 'newPin', expected: 'expected a PIN other than the current one' }],
    ]);
    expect((await change({ pin: PIN, newPin: '12345' })).body.issues[0].field).toBe('newPin');
    expect((await change({ pin: '111111', newPin: '135790' })).body.code).toBe('pin_incorrect');
    expect((await change({ pin: PIN, newPin: '135790' })).body).toEqual({ changed: true });
    expect((await wallet.signIn(PIN)).body.code).toBe('pin_incorrect');
    expect((await wallet.signIn('135790')).status).toBe(200);
  });

  it('sets the default card and removes one; payments keep naming a removed card', async () => {
    const wallet = await TestWallet.create(platform.url, PIN);
    const first = await wallet.addCard('6200000000000005');
    const second = await wallet.addCard('4242424242424242');
    const paid = await wallet.pay(await merchant.tag({ amount: 1_500 }), {
      funding: { type: 'card', cardToken: first },
    });
    expect(paid.status).toBe(201);
    const made = await wallet.call('PUT', `/v1/wallet/cards/${second}/default`);
    expect(made.body.items.map((c: { token: string; isDefault: boolean }) => [c.token, c.isDefault])).toEqual([
      [first, false],
      [second, true],
    ]);
    const removed = await wallet.call('DELETE', `/v1/wallet/cards/${second}`);
    expect(removed.body.items.map((c: { token: string; isDefault: boolean }) => [c.token, c.isDefault])).toEqual([
      [first, true],
    ]);
    expect((await wallet.call('DELETE', `/v1/wallet/cards/${second}`)).body.code).toBe('card_not_found');
    const useRemoved = await wallet.topUp(second, 1_000);
    expect([useRemoved.status, useRemoved.body.code]).toEqual([404, 'card_not_found']);
    expect((await wallet.call('DELETE', `/v1/wallet/cards/${first}`)).body.items).toEqual([]);
    const history = await wallet.call('GET', '/v1/wallet/transactions');
    expect(history.body.items[0]).toMatchObject({ kind: 'payment', amount: { amount: 1_500 } });
  });
});

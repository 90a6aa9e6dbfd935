import { describe, expect, it, vi } from 'vitest';
import { handlers } from '../../lib/background/handlers';
import { AUTO_LOCK_ALARM, lockIfIdle } from '../../lib/background/platform-session';
import { createRouter } from '../../lib/background/router';
import { PlatformError, type PlatformClient } from '../../lib/platform-client';
import { fakeContext, UI_SENDER, unlockedSession } from '../support/fake-context';
import { account } from '../support/wallet-fixtures';

const NOW = new Date('2026-11-24T12:00:00Z');

async function setup(platform: Partial<PlatformClient> = {}) {
  const ctx = fakeContext(platform, NOW);
  const route = createRouter(handlers, ctx);
  const ask = async (message: object) => route(message, UI_SENDER);
  const db = await ctx.db();
  await db.put('account', account, 'self');
  const key = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  await db.put('device', { privateKey: key.privateKey, publicJwk: {} }, 'self');
  await db.put('balances', { currency: 'CNY', amount: 12_345 });
  return { ctx, ask };
}

describe('the lock', () => {
  it('shows a locked wallet nothing but the unlock screen, and unlocks with the PIN', async () => {
    const session = vi.fn<PlatformClient['session']>(async () => ({
      token: 'tok',
      expiresAt: '2026-11-25T00:00:00Z',
      idleUntil: '2026-11-24T12:15:00Z',
      autoLockMinutes: 15,
      deviceId: 'dev_1',
    }));
    const { ctx, ask } = await setup({
      challenge: async () => ({ challenge: 'c-1', expiresAt: '2026-11-24T12:05:00Z' }),
      session,
    });
    const locked = await ask({ type: 'wallet.overview' });
    expect(locked).toMatchObject({ ok: false, error: { code: 'wallet_locked', issues: [{ field: 'pin' }] } });
    expect(JSON.stringify(locked)).not.toContain('12345');
    expect(await ask({ type: 'wallet.unlock', pin: '12' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', issues: [{ field: 'pin' }] },
    });
    expect(await ask({ type: 'wallet.unlock', pin: '135790' })).toEqual({ ok: true, data: { autoLockMinutes: 15 } });
    expect(session.mock.calls[0]![0]).toMatchObject({ walletId: account.walletId, challenge: 'c-1', pin: '135790' });
    expect(ctx.scheduled.get(AUTO_LOCK_ALARM)).toBe(1);
    expect(await ask({ type: 'wallet.overview' })).toMatchObject({
      ok: true,
      data: { balances: [{ amount: 12_345 }] },
    });
  });

  it('locks by the button: the session ends here and on the platform', async () => {
    const endSession = vi.fn(async () => ({ locked: true }));
    const { ctx, ask } = await setup({ endSession });
    await ctx.sessions.set(unlockedSession(account.walletId, 'tok-9'));
    expect(await ask({ type: 'wallet.lock' })).toEqual({ ok: true, data: { locked: true } });
    expect(endSession).toHaveBeenCalledWith('tok-9');
    expect(await ctx.sessions.get()).toBeNull();
    expect(ctx.scheduled.has(AUTO_LOCK_ALARM)).toBe(false);
    expect(await ask({ type: 'wallet.overview' })).toMatchObject({ ok: false, error: { code: 'wallet_locked' } });
  });

  it('locks once idle past the auto-lock time; use by the person moves the deadline, polling does not', async () => {
    const endSession = vi.fn(async () => ({ locked: true }));
    const { ctx, ask } = await setup({ endSession });
    const idleUntil = new Date(NOW.getTime() + 60_000).toISOString();
    await ctx.sessions.set({ ...unlockedSession(account.walletId), idleUntil, autoLockMinutes: 1 });
    await lockIfIdle(ctx);
    expect(await ctx.sessions.get()).not.toBeNull();
    await ctx.sessions.set({ ...unlockedSession(account.walletId), idleUntil: NOW.toISOString(), autoLockMinutes: 1 });
    await lockIfIdle(ctx);
    expect(await ctx.sessions.get()).toBeNull();
    expect(endSession).toHaveBeenCalledTimes(1);
    expect(await ask({ type: 'wallet.overview' })).toMatchObject({ ok: false, error: { code: 'wallet_locked' } });
  });

  it('locks when the platform says the session ended (idle there, or this device revoked)', async () => {
    const { ctx, ask } = await setup({
      devices: () => Promise.reject(new PlatformError(401, 'session_expired', 'The session ended')),
    });
    await ctx.sessions.set(unlockedSession(account.walletId));
    expect(await ask({ type: 'devices.list' })).toMatchObject({ ok: false, error: { code: 'wallet_locked' } });
    expect(await ctx.sessions.get()).toBeNull();
  });

  it('writes no top-up down while locked', async () => {
    const topUp = vi.fn();
    const { ctx, ask } = await setup({ topUp });
    const reply = await ask({ type: 'balance.topup', cardToken: 'tok_1', amount: { amount: 100, currency: 'CNY' } });
    expect(reply).toMatchObject({ ok: false, error: { code: 'wallet_locked' } });
    expect(topUp).not.toHaveBeenCalled();
    expect(await (await ctx.db()).count('pendingMoves')).toBe(0);
  });
});

describe('joining a wallet', () => {
  it('names the missing code, and refuses a second wallet in one browser', async () => {
    const { ask } = await setup();
    expect(await ask({ type: 'wallet.join', pin: '135790' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', issues: [{ field: 'recoveryCode' }] },
    });
    expect(await ask({ type: 'wallet.join', linkCode: 'ABCD-EFGH', pin: '135790' })).toMatchObject({
      ok: false,
      error: { code: 'wallet_exists' },
    });
  });

  it('keeps the device key and account once the platform lets this browser join, then unlocks', async () => {
    const ctx = fakeContext(
      {
        link: async () => ({ walletId: 'w_joined', deviceId: 'dev_2' }),
        challenge: async () => ({ challenge: 'c', expiresAt: '2026-11-24T12:05:00Z' }),
        session: async () => ({
          token: 'tok',
          expiresAt: '2026-11-25T00:00:00Z',
          idleUntil: '2026-11-24T12:15:00Z',
          autoLockMinutes: 15,
          deviceId: 'dev_2',
        }),
      },
      NOW,
    );
    const reply = await createRouter(handlers, ctx)(
      { type: 'wallet.join', linkCode: 'abcd efgh', pin: '135790' },
      UI_SENDER,
    );
    expect(reply).toMatchObject({ ok: true, data: { walletId: 'w_joined' } });
    expect((await ctx.sessions.get())?.token).toBe('tok');
    expect(await (await ctx.db()).get('device', 'self')).toBeDefined();
  });
});

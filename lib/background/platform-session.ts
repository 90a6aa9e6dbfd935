import type { Account } from '../../protocol/wallet';
import { requireAccount } from './account';
import type { BackgroundContext, PlatformSession } from './context';
import { signChallenge } from './device-key';
import { viaPlatform, WalletError } from './errors';
import { MINUTE_MS } from '../../protocol/time';
import type { z } from 'zod';
import type { PasskeyAssertionSchema } from '../../protocol/api';
import type { PlatformClient } from '../platform-client';

/** A session this close to its end is treated as ended: a request sent now might arrive too late. */
const MARGIN_MS = 5_000;
export const AUTO_LOCK_ALARM = 'pouch-auto-lock';

export const lockedError = () =>
  new WalletError('wallet_locked', 'The wallet is locked: enter the PIN to unlock it.', [
    { field: 'pin', expected: 'the 6-digit payment PIN, to unlock' },
  ]);

/** Forgets the unlocked session here, and the alarm that watched it. */
async function forgetSession(ctx: BackgroundContext): Promise<void> {
  await ctx.sessions.set(null);
  await ctx.alarms.stop(AUTO_LOCK_ALARM);
}

/** The platform no longer knows the session (ended idle, or by a revocation): the wallet is locked here too. */
export async function sessionEnded(ctx: BackgroundContext): Promise<WalletError> {
  await forgetSession(ctx);
  return lockedError();
}

/** Whether this session still unlocks the wallet: its own, and neither ended nor idle past its deadline. */
export const live = (session: PlatformSession | null, account: Account, now: Date): session is PlatformSession =>
  session !== null &&
  session.walletId === account.walletId &&
  Math.min(Date.parse(session.expiresAt), Date.parse(session.idleUntil)) - MARGIN_MS > now.getTime();

export async function isUnlocked(ctx: BackgroundContext, account: Account): Promise<boolean> {
  return live(await ctx.sessions.get(), account, ctx.now());
}

export async function requireUnlocked(ctx: BackgroundContext): Promise<void> {
  if (!(await isUnlocked(ctx, await requireAccount(ctx)))) throw lockedError();
}

/**
 * The unlocked session's token, or `wallet_locked`. Each use by the person moves the idle deadline on, as
 * the platform does; `background` use (news polling) does not, so polling never keeps a wallet unlocked.
 */
export async function platformToken(
  ctx: BackgroundContext,
  account: Account,
  use: 'person' | 'background' = 'person',
): Promise<string> {
  const session = await ctx.sessions.get();
  if (!live(session, account, ctx.now())) {
    if (session) await lock(ctx, account);
    throw lockedError();
  }
  if (use === 'person') {
    const idleUntil = new Date(ctx.now().getTime() + session.autoLockMinutes * MINUTE_MS).toISOString();
    await ctx.sessions.set({ ...session, idleUntil });
  }
  return session.token;
}

/**
 * Unlocks: a challenge signed with the device key, and the PIN the user just typed (the platform checks
 * it with the lockout), open a session. The PIN also counts for step-ups for the next five minutes.
 */
export function unlock(ctx: BackgroundContext, account: Account, pin: string): Promise<PlatformSession> {
  return openSession(ctx, account, (signed) => ctx.platform(account.platformUrl).session({ ...signed, pin }));
}

/**
 * Unlocks with a passkey: the popup had the authenticator sign `challenge` (one the platform gave for this
 * wallet); the device key signs it too, so the session takes both the browser and the person.
 */
export function unlockWithPasskey(
  ctx: BackgroundContext,
  account: Account,
  challenge: string,
  passkey: z.input<typeof PasskeyAssertionSchema>,
): Promise<PlatformSession> {
  return openSession(
    ctx,
    account,
    (signed) => ctx.platform(account.platformUrl).session({ ...signed, passkey }),
    challenge,
  );
}

/**
 * Forgot the PIN: this browser's device key (a signed challenge) and the recovery code set a new PIN
 * on the platform, which ends every session of the wallet and opens one here.
 */
export function resetPin(
  ctx: BackgroundContext,
  account: Account,
  recoveryCode: string,
  newPin: string,
): Promise<PlatformSession> {
  return openSession(ctx, account, (signed) =>
    ctx.platform(account.platformUrl).resetPin({ ...signed, recoveryCode, newPin }),
  );
}

type SignedChallenge = { walletId: string; challenge: string; signature: string };

/** A session the platform opens for a challenge this browser's device key signed, kept here and watched. */
async function openSession(
  ctx: BackgroundContext,
  account: Account,
  open: (signed: SignedChallenge) => ReturnType<PlatformClient['session']>,
  given?: string,
): Promise<PlatformSession> {
  const device = await (await ctx.db()).get('device', 'self');
  if (!device) throw new WalletError('no_wallet', 'This browser holds no device key for the wallet.');
  const challenge = given ?? (await ctx.platform(account.platformUrl).challenge(account.walletId)).challenge;
  const signature = await signChallenge(device.privateKey, challenge);
  const opened = await open({ walletId: account.walletId, challenge, signature });
  const session = {
    walletId: account.walletId,
    token: opened.token,
    expiresAt: opened.expiresAt,
    idleUntil: opened.idleUntil,
    autoLockMinutes: opened.autoLockMinutes,
  };
  await ctx.sessions.set(session);
  // Checked each minute, so the wallet locks on time even when nothing else wakes the worker.
  await ctx.alarms.start(AUTO_LOCK_ALARM, 1);
  return session;
}

/** Locks: the session is forgotten here and ended on the platform (best effort: it also ends when idle). */
export async function lock(ctx: BackgroundContext, account: Account | undefined): Promise<void> {
  const session = await ctx.sessions.get();
  await forgetSession(ctx);
  if (session && account)
    await ctx
      .platform(account.platformUrl)
      .endSession(session.token)
      .catch((error) => ctx.log('ending the platform session failed', error));
}

/** The auto-lock alarm: locks once the session sat idle past its time. */
export async function lockIfIdle(ctx: BackgroundContext): Promise<void> {
  const account = await (await ctx.db()).get('account', 'self');
  const session = await ctx.sessions.get();
  if (!account || !live(session, account, ctx.now())) await lock(ctx, account);
}

/** After a change of the auto-lock time: this session follows it from now on. */
export async function setSessionAutoLock(ctx: BackgroundContext, minutes: number): Promise<void> {
  const session = await ctx.sessions.get();
  if (!session) return;
  const idleUntil = new Date(ctx.now().getTime() + minutes * MINUTE_MS).toISOString();
  await ctx.sessions.set({ ...session, autoLockMinutes: minutes, idleUntil });
}

/**
 * One call to the platform as the wallet's account, with this session's token: its refusal becomes
 * one the page can show (`viaPlatform`).
 */
export async function withPlatform<T>(
  ctx: BackgroundContext,
  call: (platform: PlatformClient, token: string) => Promise<T>,
): Promise<T> {
  const account = await requireAccount(ctx);
  return viaPlatform(async () => call(ctx.platform(account.platformUrl), await platformToken(ctx, account)));
}

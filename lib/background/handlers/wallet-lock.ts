import { viaPlatform } from '../errors';
import { lock, platformToken, resetPin, setSessionAutoLock, unlock } from '../platform-session';
import { resumePendingMoves } from '../money-moves';
import { resumePendingPayments } from '../payments';
import type { Handler } from '../router';
import type { BackgroundContext, PlatformSession } from '../context';
import { requireAccount } from '../account';

/** The PIN unlocks; payments, top-ups and withdrawals left waiting for the lock then carry on. */
export const walletUnlock: Handler<'wallet.unlock'> = async (ctx, { pin }) => {
  const account = await requireAccount(ctx);
  return resumeAfterUnlock(ctx, await viaPlatform(() => unlock(ctx, account, pin)));
};

/** A forgotten PIN set anew with the recovery code: unlocked as by the PIN, every other session ended. */
export const walletResetPin: Handler<'wallet.resetPin'> = async (ctx, { recoveryCode, newPin }) => {
  const account = await requireAccount(ctx);
  return resumeAfterUnlock(ctx, await viaPlatform(() => resetPin(ctx, account, recoveryCode, newPin)));
};

/** Unlocked (by the PIN, the recovery code or a passkey): what waited for a session goes on. */
export function resumeAfterUnlock(ctx: BackgroundContext, session: PlatformSession) {
  void resumePendingPayments(ctx).catch((error) => ctx.log('resuming pending payments failed', error));
  void resumePendingMoves(ctx).catch((error) => ctx.log('resuming pending top-ups and withdrawals failed', error));
  return { autoLockMinutes: session.autoLockMinutes };
}

export const walletLock: Handler<'wallet.lock'> = async (ctx) => {
  await lock(ctx, await requireAccount(ctx));
  return { locked: true as const };
};

/** This browser's auto-lock time: kept by the platform (which ends idle sessions) and by this session. */
export const settingsAutoLock: Handler<'settings.autoLock'> = async (ctx, { minutes }) => {
  const account = await requireAccount(ctx);
  const saved = await viaPlatform(async () =>
    ctx.platform(account.platformUrl).setAutoLock(await platformToken(ctx, account), minutes),
  );
  await setSessionAutoLock(ctx, saved.autoLockMinutes);
  return saved;
};

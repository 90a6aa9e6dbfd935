import type { Account } from '../../protocol/wallet';
import type { BackgroundContext } from './context';
import { signChallenge } from './device-key';
import { WalletError } from './errors';

const MARGIN_MS = 30_000;

/** A valid session token for the wallet: the cached one, or a new one from signing a platform challenge. */
export async function platformToken(ctx: BackgroundContext, account: Account): Promise<string> {
  const cached = await ctx.sessions.get();
  if (
    cached &&
    cached.walletId === account.walletId &&
    Date.parse(cached.expiresAt) - MARGIN_MS > ctx.now().getTime()
  ) {
    return cached.token;
  }
  return openSession(ctx, account);
}

/**
 * A new platform session from signing a challenge with the device key. With the PIN (the user just
 * typed it) the session may take step-ups such as adding a card for five minutes without asking again.
 */
export async function openSession(ctx: BackgroundContext, account: Account, pin?: string): Promise<string> {
  const device = await (await ctx.db()).get('device', 'self');
  if (!device) throw new WalletError('no_wallet', 'This browser holds no device key for the wallet.');
  const platform = ctx.platform(account.platformUrl);
  const { challenge } = await platform.challenge(account.walletId);
  const signature = await signChallenge(device.privateKey, challenge);
  const session = await platform.session({ walletId: account.walletId, challenge, signature, ...(pin && { pin }) });
  await ctx.sessions.set({ walletId: account.walletId, ...session });
  return session.token;
}

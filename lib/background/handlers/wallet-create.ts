import { createDeviceKey } from '../device-key';
import { viaPlatform, WalletError } from '../errors';
import { openSession } from '../platform-session';
import type { Handler } from '../router';

/**
 * Creates the wallet: a device key is made here, its public half and the PIN go to the
 * platform, and only once the platform has answered are key and account written, together.
 */
export const walletCreate: Handler<'wallet.create'> = async (ctx, { pin, platformUrl }) => {
  const db = await ctx.db();
  if (await db.get('account', 'self')) {
    throw new WalletError('wallet_exists', 'This browser already holds a wallet.');
  }
  const baseUrl = platformUrl ?? ctx.defaultPlatformUrl;
  const device = await createDeviceKey();
  const created = await viaPlatform(() =>
    ctx.platform(baseUrl).createWallet({ devicePublicKey: device.publicJwk, pin }),
  );
  const account = {
    walletId: created.walletId,
    platformUrl: baseUrl,
    passwordFreeLimit: created.passwordFreeLimit,
    createdAt: created.createdAt,
  };
  const tx = db.transaction(['account', 'device'], 'readwrite');
  await Promise.all([
    tx.objectStore('account').put(account, 'self'),
    tx.objectStore('device').put(device, 'self'),
    tx.done,
  ]);
  await ctx.sessions.set(null);
  // The PIN was just typed: the first session carries it, so adding the first card asks for nothing more.
  await viaPlatform(() => openSession(ctx, account, pin)).catch((error) =>
    ctx.log('opening the first session failed', error),
  );
  return account;
};

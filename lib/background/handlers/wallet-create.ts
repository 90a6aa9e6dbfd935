import type { Account } from '../../../protocol/wallet';
import type { BackgroundContext } from '../context';
import { createDeviceKey } from '../device-key';
import { syncDirectory } from '../directory';
import { viaPlatform, WalletError } from '../errors';
import { unlock } from '../platform-session';
import type { Handler } from '../router';
import { walletRefresh } from './wallet-refresh';
import type { DeviceKey } from '../../db/schema';

async function requireNoWallet(ctx: BackgroundContext): Promise<void> {
  if (await (await ctx.db()).get('account', 'self'))
    throw new WalletError('wallet_exists', 'This browser already holds a wallet.');
}

/**
 * Writes the account and this browser's device key together, once the platform has accepted the key,
 * then unlocks with the PIN the user just typed (it also counts for the first step-ups, such as a card),
 * and reads the chosen platform's partner directory, which decides where the checkout script runs.
 */
async function keepWallet(ctx: BackgroundContext, account: Account, device: DeviceKey, pin: string): Promise<void> {
  const db = await ctx.db();
  const tx = db.transaction(['account', 'device'], 'readwrite');
  await Promise.all([
    tx.objectStore('account').put(account, 'self'),
    tx.objectStore('device').put(device, 'self'),
    tx.done,
  ]);
  await ctx.sessions.set(null);
  await viaPlatform(() => unlock(ctx, account, pin)).catch((error) =>
    ctx.log('unlocking the new wallet failed', error),
  );
  await syncDirectory(ctx).catch((error) => ctx.log("reading the platform's directory failed", error));
}

/** Creates the wallet: a device key is made here; its public half and the PIN go to the platform. */
export const walletCreate: Handler<'wallet.create'> = async (ctx, { pin, platformUrl }) => {
  await requireNoWallet(ctx);
  const baseUrl = platformUrl ?? ctx.defaultPlatformUrl;
  const device = await createDeviceKey();
  const created = await viaPlatform(() =>
    ctx.platform(baseUrl).createWallet({ devicePublicKey: device.publicJwk, pin, deviceName: ctx.deviceName }),
  );
  const account = {
    walletId: created.walletId,
    platformUrl: baseUrl,
    passwordFreeLimit: created.passwordFreeLimit,
    createdAt: created.createdAt,
  };
  await keepWallet(ctx, account, device, pin);
  return { account, recoveryCode: created.recoveryCode };
};

/**
 * This browser joins a wallet held elsewhere (or lost with another profile): with the recovery code or a
 * link code, and the PIN. Balance, cards, coupons, points and history then come from the platform.
 */
export const walletJoin: Handler<'wallet.join'> = async (ctx, request) => {
  await requireNoWallet(ctx);
  const baseUrl = request.platformUrl ?? ctx.defaultPlatformUrl;
  const device = await createDeviceKey();
  const platform = ctx.platform(baseUrl);
  const joining = { devicePublicKey: device.publicJwk, pin: request.pin, deviceName: ctx.deviceName };
  const joined = await viaPlatform(() =>
    request.recoveryCode
      ? platform.recover({
          ...joining,
          recoveryCode: request.recoveryCode,
          revokeOtherDevices: request.revokeOtherDevices,
        })
      : platform.link({ ...joining, linkCode: request.linkCode! }),
  );
  const account = {
    walletId: joined.walletId,
    platformUrl: baseUrl,
    passwordFreeLimit: { amount: 0, currency: 'CNY' },
    createdAt: ctx.now().toISOString(),
  };
  await keepWallet(ctx, account, device, request.pin);
  await walletRefresh(ctx, {}, { role: 'ui' }).catch((error) => ctx.log('the first refresh failed', error));
  return (await (await ctx.db()).get('account', 'self'))!;
};

import { viaPlatform } from '../errors';
import { platformToken } from '../platform-session';
import type { Handler } from '../router';
import { requireAccount } from '../account';

/** The browsers holding this wallet, this one marked `current`. */
export const devicesList: Handler<'devices.list'> = async (ctx) => {
  const account = await requireAccount(ctx);
  return viaPlatform(async () => ctx.platform(account.platformUrl).devices(await platformToken(ctx, account)));
};

/** Revoking ends the other browser's sessions at once; it takes the PIN (the platform asks). */
export const devicesRevoke: Handler<'devices.revoke'> = async (ctx, { deviceId, pin }) => {
  const account = await requireAccount(ctx);
  return viaPlatform(async () =>
    ctx.platform(account.platformUrl).revokeDevice(await platformToken(ctx, account), deviceId, pin),
  );
};

/** A one-time code for another browser to join with (and the PIN): ten minutes, one use. */
export const devicesLinkCode: Handler<'devices.linkCode'> = async (ctx, { pin }) => {
  const account = await requireAccount(ctx);
  return viaPlatform(async () => ctx.platform(account.platformUrl).linkCode(await platformToken(ctx, account), pin));
};

/** A new recovery code, shown once; the old one stops working. */
export const recoveryRenew: Handler<'recovery.renew'> = async (ctx, { pin }) => {
  const account = await requireAccount(ctx);
  return viaPlatform(async () =>
    ctx.platform(account.platformUrl).renewRecoveryCode(await platformToken(ctx, account), pin),
  );
};

export const pinChange: Handler<'pin.change'> = async (ctx, body) => {
  const account = await requireAccount(ctx);
  await viaPlatform(async () => ctx.platform(account.platformUrl).changePin(await platformToken(ctx, account), body));
  return { changed: true as const };
};

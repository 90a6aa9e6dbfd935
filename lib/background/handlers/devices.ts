import { withPlatform } from '../platform-session';
import type { Handler } from '../router';

/** The browsers holding this wallet, this one marked `current`. */
export const devicesList: Handler<'devices.list'> = (ctx) =>
  withPlatform(ctx, (platform, token) => platform.devices(token));

/** Revoking ends the other browser's sessions at once; it takes the PIN (the platform asks). */
export const devicesRevoke: Handler<'devices.revoke'> = (ctx, { deviceId, pin }) =>
  withPlatform(ctx, (platform, token) => platform.revokeDevice(token, deviceId, pin));

/** A one-time code for another browser to join with (and the PIN): ten minutes, one use. */
export const devicesLinkCode: Handler<'devices.linkCode'> = (ctx, { pin }) =>
  withPlatform(ctx, (platform, token) => platform.linkCode(token, pin));

/** A new recovery code, shown once; the old one stops working. */
export const recoveryRenew: Handler<'recovery.renew'> = (ctx, { pin }) =>
  withPlatform(ctx, (platform, token) => platform.renewRecoveryCode(token, pin));

export const pinChange: Handler<'pin.change'> = async (ctx, body) => {
  await withPlatform(ctx, (platform, token) => platform.changePin(token, body));
  return { changed: true as const };
};

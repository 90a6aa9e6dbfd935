import {
  AutoLockBodySchema,
  AutoLockViewSchema,
  DeviceListSchema,
  JoinedSchema,
  LinkBodySchema,
  LinkCodeViewSchema,
  RecoverBodySchema,
  StepUpBodySchema,
} from '../../protocol/api';
import { clientAddress } from '../auth';
import { rateLimit } from '../rate-limit';
import { createLinkCode, linkDevice, listDevices, recoverWallet, revokeDevice, setAutoLock } from '../wallets/devices';
import { requireFreshPin } from '../wallets/pin';
import { IdParamSchema, operation, router, walletSession } from './define';
import { deviceCurrent, deviceNotFound, linkCodeInvalid } from '../refusals';
import { PIN_CHECK, RATE_LIMITED, RECOVERY_REFUSALS, STEP_UP } from './refusals';

/** The browsers that hold a wallet: joining one (recovery code or link code), listing, revoking, auto-lock. */
const app = router();

operation(
  app,
  {
    method: 'post',
    path: '/v1/wallets/recover',
    summary:
      'A new browser joins a wallet with its recovery code and the PIN (five tries, as the PIN); optionally revokes every other device',
    tag: 'Extension · Devices',
    body: RecoverBodySchema,
    reply: JoinedSchema,
    status: 201,
    refusals: [...RECOVERY_REFUSALS, RATE_LIMITED],
  },
  async (c, { body }) => {
    const p = c.var.platform;
    await rateLimit(p.db, `joins:${clientAddress(c)}`, p.config.rateLimits.deviceJoins, p.now());
    return c.json(await recoverWallet(p, body), 201);
  },
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/devices/link',
    summary: 'A new browser joins a wallet with a one-time link code from one of its devices and the PIN',
    tag: 'Extension · Devices',
    body: LinkBodySchema,
    reply: JoinedSchema,
    status: 201,
    refusals: [linkCodeInvalid(), ...PIN_CHECK, RATE_LIMITED],
  },
  async (c, { body }) => {
    const p = c.var.platform;
    await rateLimit(p.db, `joins:${clientAddress(c)}`, p.config.rateLimits.deviceJoins, p.now());
    return c.json(await linkDevice(p, body), 201);
  },
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/wallet/link-codes',
    summary: 'A one-time code (10 minutes, one use) for linking another browser; takes the PIN',
    tag: 'Extension · Devices',
    auth: 'wallet',
    body: StepUpBodySchema,
    reply: LinkCodeViewSchema,
    status: 201,
    refusals: STEP_UP,
  },
  async (c, { body }) => {
    const p = c.var.platform;
    await requireFreshPin(p.db, walletSession(c), body.pin, p.now(), 'Linking a device');
    return c.json(await createLinkCode(p, c.var.walletId), 201);
  },
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/wallet/devices',
    summary: "The wallet's devices, oldest first; `current` marks the one asking",
    tag: 'Extension · Devices',
    auth: 'wallet',
    reply: DeviceListSchema,
  },
  async (c) => c.json(await listDevices(c.var.platform.db, walletSession(c))),
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/wallet/devices/{id}/revoke',
    summary: 'Revoke another device: its sessions end at once and its key opens none again; takes the PIN',
    tag: 'Extension · Devices',
    auth: 'wallet',
    params: IdParamSchema,
    body: StepUpBodySchema,
    reply: DeviceListSchema,
    refusals: [deviceNotFound(), deviceCurrent(), ...STEP_UP],
  },
  async (c, { params, body }) => {
    const p = c.var.platform;
    await requireFreshPin(p.db, walletSession(c), body.pin, p.now(), 'Revoking a device');
    return c.json(await revokeDevice(p, walletSession(c), params.id));
  },
);

operation(
  app,
  {
    method: 'put',
    path: '/v1/wallet/auto-lock',
    summary: "This device's auto-lock time (1, 5, 15 or 60 idle minutes); its sessions end after it",
    tag: 'Extension · Devices',
    auth: 'wallet',
    body: AutoLockBodySchema,
    reply: AutoLockViewSchema,
  },
  async (c, { body }) =>
    c.json(await setAutoLock(c.var.platform.db, walletSession(c), body.minutes, c.var.platform.now())),
);

export default app;

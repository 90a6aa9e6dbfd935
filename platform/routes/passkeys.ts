import {
  PasskeyListSchema,
  PasskeyOptionsSchema,
  PasskeyRegistrationBodySchema,
  StepUpBodySchema,
} from '../../protocol/api';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { passkeyNotFound, passkeyRegistrationInvalid } from '../refusals';
import { listPasskeys, passkeyOptions, registerPasskey, removePasskey } from '../wallets/passkeys';
import { requireFreshPin } from '../wallets/pin';
import { IdParamSchema, operation, router, walletSession } from './define';
import { STEP_UP } from './refusals';

/** Passkeys that unlock the wallet in place of the PIN: added after a step-up, listed, removed. */
const app = router();
const TAG = 'Extension · Devices and security';

operation(
  app,
  {
    method: 'post',
    path: '/v1/wallet/passkeys/options',
    summary: 'Options for adding a passkey (a step-up: the PIN, or one given in the last five minutes)',
    tag: TAG,
    auth: 'wallet',
    body: StepUpBodySchema,
    reply: PasskeyOptionsSchema,
    refusals: STEP_UP,
  },
  async (c, { body }) => {
    const p = c.var.platform;
    await requireFreshPin(p.db, walletSession(c), body.pin, p.now(), 'Adding a passkey');
    return c.json(await passkeyOptions(p, c.var.walletId));
  },
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/wallet/passkeys',
    summary: "Add a passkey: the browser's answer to the options, user verified, from an extension page",
    tag: TAG,
    auth: 'wallet',
    body: PasskeyRegistrationBodySchema,
    reply: PasskeyListSchema,
    status: 201,
    refusals: [passkeyRegistrationInvalid('a fresh challenge')],
  },
  async (c, { body }) =>
    c.json(
      await registerPasskey(
        c.var.platform,
        c.var.walletId,
        body.response as unknown as RegistrationResponseJSON,
        body.name,
      ),
      201,
    ),
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/wallet/passkeys',
    summary: "The wallet's passkeys",
    tag: TAG,
    auth: 'wallet',
    reply: PasskeyListSchema,
  },
  async (c) => c.json(await listPasskeys(c.var.platform, c.var.walletId)),
);

operation(
  app,
  {
    method: 'delete',
    path: '/v1/wallet/passkeys/{id}',
    summary: 'Remove a passkey: it no longer unlocks the wallet',
    tag: TAG,
    auth: 'wallet',
    params: IdParamSchema,
    reply: PasskeyListSchema,
    refusals: [passkeyNotFound()],
  },
  async (c, { params }) => c.json(await removePasskey(c.var.platform, c.var.walletId, params.id)),
);

export default app;

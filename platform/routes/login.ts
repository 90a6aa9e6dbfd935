import { z } from 'zod';
import { ConnectionListSchema, LoginBodySchema, LoginResultSchema } from '../../protocol/api';
import { connections, revokeConnection, signIn } from '../login/login';
import { operation, readBody, readParams, router } from './define';
import { notFound, refusal } from './refusals';

const MerchantParam = z.object({ merchantId: z.string().min(1).max(100) });

const app = router();

operation(
  app,
  {
    method: 'post',
    path: '/v1/wallet/logins',
    summary: 'Sign in with Pouch: an ID token for a partner site',
    tag: 'Sign in',
    auth: 'wallet',
    body: LoginBodySchema,
    reply: LoginResultSchema,
    status: 201,
    refusals: [
      notFound('merchant_not_found', 'partner', 'merchantId'),
      refusal(403, 'consent_required', 'This site is not connected yet: ask the shopper first.', [
        'consent',
        'true, once the shopper agreed',
      ]),
      refusal(422, 'wrong_origin', 'This partner has not verified that origin.', [
        'origin',
        'an origin the partner verified',
      ]),
    ],
  },
  async (c) => c.json(await signIn(c.var.platform, c.var.walletId, await readBody(c, LoginBodySchema)), 201),
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/wallet/connections',
    summary: 'Sites the wallet signs in to',
    tag: 'Sign in',
    auth: 'wallet',
    reply: ConnectionListSchema,
  },
  async (c) => c.json(await connections(c.var.platform.db, c.var.walletId)),
);

operation(
  app,
  {
    method: 'delete',
    path: '/v1/wallet/connections/{merchantId}',
    summary: 'Revoke a site: it needs consent again',
    tag: 'Sign in',
    auth: 'wallet',
    params: MerchantParam,
    reply: ConnectionListSchema,
  },
  async (c) =>
    c.json(await revokeConnection(c.var.platform.db, c.var.walletId, readParams(c, MerchantParam).merchantId)),
);

export default app;

import { ConnectionListSchema, LoginBodySchema, LoginResultSchema } from '../../protocol/api';
import { connections, revokeConnection, signIn } from '../login/login';
import { consentRequired, merchantNotFound, wrongOrigin } from '../refusals';
import { MerchantParamSchema, operation, router } from './define';

const app = router();

operation(
  app,
  {
    method: 'post',
    path: '/v1/wallet/logins',
    summary: 'Sign in with Pouch: an ID token for a partner site',
    tag: 'Extension · Sign in',
    auth: 'wallet',
    body: LoginBodySchema,
    reply: LoginResultSchema,
    status: 201,
    refusals: [merchantNotFound(), consentRequired(), wrongOrigin(['https://shop.example'])],
  },
  async (c, { body }) => c.json(await signIn(c.var.platform, c.var.walletId, body), 201),
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/wallet/connections',
    summary: 'Sites the wallet signs in to',
    tag: 'Extension · Sign in',
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
    tag: 'Extension · Sign in',
    auth: 'wallet',
    params: MerchantParamSchema,
    reply: ConnectionListSchema,
  },
  async (c, { params }) => c.json(await revokeConnection(c.var.platform.db, c.var.walletId, params.merchantId)),
);

export default app;

import { OriginBodySchema, OriginListSchema, OriginViewSchema } from '../../protocol/api';
import { addOrigin, merchantOrigins, verifyOrigin } from '../merchants/origins';
import { operation, router } from './define';
import { ORIGIN_REFUSALS } from './refusals';

/** A merchant's checkout origins: list them, claim another, and prove control of one. */
const app = router();

operation(
  app,
  {
    method: 'get',
    path: '/v1/merchant/origins',
    summary: 'Your origins, verified or pending, with the file each must serve',
    tag: 'Sign-up and origins',
    auth: 'merchant',
    reply: OriginListSchema,
  },
  async (c) => c.json({ items: await merchantOrigins(c.var.platform.db, c.var.merchantId) }),
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/merchant/origins',
    summary: 'Claim another origin (pending until verified; a verified owner keeps it until you verify)',
    tag: 'Sign-up and origins',
    auth: 'merchant',
    body: OriginBodySchema,
    reply: OriginListSchema,
    status: 201,
  },
  async (c, { body: { origin } }) => {
    await addOrigin(c.var.platform, c.var.merchantId, origin);
    return c.json({ items: await merchantOrigins(c.var.platform.db, c.var.merchantId) }, 201);
  },
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/merchant/origins/verify',
    summary: 'Fetch ORIGIN/.well-known/pouch-merchant.json now; on a match the origin is verified',
    tag: 'Sign-up and origins',
    auth: 'merchant',
    body: OriginBodySchema,
    reply: OriginViewSchema,
    refusals: ORIGIN_REFUSALS,
  },
  async (c, { body }) => c.json(await verifyOrigin(c.var.platform, c.var.merchantId, body.origin)),
);

export default app;

import {
  DeliveryListSchema,
  DeliveryViewSchema,
  MerchantCreatedSchema,
  MerchantSignupBodySchema,
} from '../../protocol/api';
import { clientAddress } from '../auth';
import { consoleLogin, emailTaken } from '../console/session';
import { ApiError } from '../problem';
import { listDeliveries, resendDelivery } from '../webhooks/deliveries';
import { signUpMerchant } from '../merchants/merchants';
import { rateLimit } from '../rate-limit';
import { IdParamSchema, operation, readBody, readParams, router } from './define';
import { notFound, RATE_LIMITED, refusal } from './refusals';

const app = router();

operation(
  app,
  {
    method: 'post',
    path: '/v1/merchants',
    summary: 'Self-service merchant sign-up (free, immediate)',
    tag: 'Merchants',
    body: MerchantSignupBodySchema,
    reply: MerchantCreatedSchema,
    status: 201,
    refusals: [
      refusal(409, 'email_taken', 'This email already has a merchant console.', [
        'console.email',
        'an email with no console yet',
      ]),
      RATE_LIMITED,
    ],
  },
  async (c) => {
    const p = c.var.platform;
    // A body refused as malformed does not count against the limit: fixing it is not another sign-up.
    const body = await readBody(c, MerchantSignupBodySchema);
    await rateLimit(p.db, `signup:${clientAddress(c)}`, p.config.rateLimits.merchantSignup, p.now());
    const login = body.console && { ...body.console, email: body.console.email.toLowerCase() };
    if (login && (await emailTaken(p.db, login.email)))
      throw new ApiError(409, 'email_taken', 'This email already has a merchant console.', [
        { field: 'console.email', expected: 'an email without a console' },
      ]);
    return c.json(await signUpMerchant(p, body, login && (await consoleLogin(login.email, login.password))), 201);
  },
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/merchant/webhook-deliveries',
    summary: 'Recent webhook deliveries',
    tag: 'Merchant API',
    auth: 'merchant',
    reply: DeliveryListSchema,
  },
  async (c) => c.json(await listDeliveries(c.var.platform.db, c.var.merchantId)),
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/merchant/webhook-deliveries/{id}/resend',
    summary: 'Send a delivery again now',
    tag: 'Merchant API',
    auth: 'merchant',
    params: IdParamSchema,
    reply: DeliveryViewSchema,
    refusals: [notFound('delivery_not_found', 'webhook delivery')],
  },
  async (c) => {
    const delivery = await resendDelivery(c.var.platform.db, c.var.merchantId, readParams(c, IdParamSchema).id);
    c.var.platform.kickWebhooks();
    return c.json(delivery);
  },
);

export default app;

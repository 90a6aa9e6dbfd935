import {
  DeliveryListSchema,
  DeliveryViewSchema,
  MerchantCreatedSchema,
  MerchantSignupBodySchema,
  WebhookUrlBodySchema,
  WebhookUrlSchema,
} from '../../protocol/api';
import { clientAddress } from '../auth';
import { consoleLogin, emailTaken } from '../console/session';
import { emailTaken as emailTakenRefusal } from '../refusals';
import { listDeliveries, resendDelivery } from '../webhooks/deliveries';
import { setWebhookUrl, signUpMerchant } from '../merchants/merchants';
import { rateLimit } from '../rate-limit';
import { sendTestEvent } from '../webhooks/test-event';
import { deliveryNotFound, webhookUrlRefused } from '../refusals';
import { IdParamSchema, operation, router } from './define';
import { RATE_LIMITED } from './refusals';

const app = router();

operation(
  app,
  {
    method: 'post',
    path: '/v1/merchants',
    summary: 'Self-service merchant sign-up (free, immediate)',
    tag: 'Sign-up and origins',
    body: MerchantSignupBodySchema,
    reply: MerchantCreatedSchema,
    status: 201,
    refusals: [emailTakenRefusal(), RATE_LIMITED],
  },
  async (c, { body }) => {
    const p = c.var.platform;
    // A body refused as malformed (before the handler) does not count against the limit: fixing it is
    // not another sign-up.
    await rateLimit(p.db, `signup:${clientAddress(c)}`, p.config.rateLimits.merchantSignup, p.now());
    const login = body.console && { ...body.console, email: body.console.email.toLowerCase() };
    if (login && (await emailTaken(p.db, login.email))) throw emailTakenRefusal();
    return c.json(await signUpMerchant(p, body, login && (await consoleLogin(login.email, login.password))), 201);
  },
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/merchant/webhook-deliveries',
    summary: 'Recent webhook deliveries',
    tag: 'Webhooks',
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
    tag: 'Webhooks',
    auth: 'merchant',
    params: IdParamSchema,
    reply: DeliveryViewSchema,
    refusals: [deliveryNotFound()],
  },
  async (c, { params }) => {
    const delivery = await resendDelivery(c.var.platform.db, c.var.merchantId, params.id);
    c.var.platform.kickWebhooks();
    return c.json(delivery);
  },
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/merchant/webhooks/test',
    summary: 'Send a test event (webhook.test) to your webhook URL, signed like any other',
    tag: 'Webhooks',
    auth: 'merchant',
    reply: DeliveryViewSchema,
    status: 201,
    refusals: [RATE_LIMITED],
  },
  async (c) => c.json(await sendTestEvent(c.var.platform, c.var.merchantId), 201),
);

operation(
  app,
  {
    method: 'put',
    path: '/v1/merchant/webhook-url',
    summary: 'Change where your webhooks go (a public http(s) URL, checked as at sign-up)',
    tag: 'Webhooks',
    auth: 'merchant',
    body: WebhookUrlBodySchema,
    reply: WebhookUrlSchema,
    refusals: [webhookUrlRefused('it resolves to a private address')],
  },
  async (c, { body }) => c.json(await setWebhookUrl(c.var.platform, c.var.merchantId, body.webhookUrl)),
);

export default app;

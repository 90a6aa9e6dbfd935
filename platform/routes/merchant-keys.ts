import { RotatedApiKeySchema, RotatedWebhookSecretSchema } from '../../protocol/api';
import { rotateApiKey, rotateWebhookSecret } from '../merchants/rotation';
import { operation, router } from './define';

/** Rotating a merchant's credentials: the new one is shown once, the old one works for 24 hours more. */
const app = router();

operation(
  app,
  {
    method: 'post',
    path: '/v1/merchant/api-key/rotate',
    summary: 'A new API key (shown once); the current one keeps working for 24 hours',
    tag: 'Keys',
    auth: 'merchant',
    reply: RotatedApiKeySchema,
    status: 201,
  },
  async (c) => c.json(await rotateApiKey(c.var.platform, c.var.merchantId), 201),
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/merchant/webhook-secret/rotate',
    summary: 'A new webhook secret (shown once); for 24 hours deliveries are signed under both',
    tag: 'Keys',
    auth: 'merchant',
    reply: RotatedWebhookSecretSchema,
    status: 201,
  },
  async (c) => c.json(await rotateWebhookSecret(c.var.platform, c.var.merchantId), 201),
);

export default app;

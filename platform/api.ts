import { WEBHOOK_EVENT_DATA, webhookEventSchema } from '../protocol/webhook-events';
import type { WebhookEvent } from '../protocol/webhook';
import { router } from './routes/define';
import cards from './routes/cards';
import devices from './routes/devices';
import login from './routes/login';
import loyalty from './routes/loyalty';
import merchantKeys from './routes/merchant-keys';
import merchantPayments from './routes/merchant-payments';
import merchants from './routes/merchants';
import meta from './routes/meta';
import origins from './routes/origins';
import payments from './routes/payments';
import settlement from './routes/settlement';
import wallets from './routes/wallets';
import withdrawals from './routes/withdrawals';

/**
 * The JSON API: every operation, and the OpenAPI registry that documents them (security schemes and
 * webhook events included). Needs no running platform, so the document can be built anywhere — the
 * platform serves it at /openapi.json, and `npm run api:types` turns it into the clients' types.
 */
export function jsonApi() {
  const api = router();
  for (const routes of [
    meta,
    wallets,
    devices,
    cards,
    withdrawals,
    payments,
    merchants,
    merchantPayments,
    origins,
    merchantKeys,
    loyalty,
    settlement,
    login,
  ])
    api.route('/', routes);
  api.openAPIRegistry.registerComponent('securitySchemes', 'walletSession', {
    type: 'http',
    scheme: 'bearer',
    description: 'Session token from POST /v1/sessions',
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'merchantApiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'Merchant API key (sk_…)',
  });
  registerWebhooks(api);
  return api;
}

/** The OpenAPI 3.1 document of an API built by `jsonApi`. */
export function openApiDocument(api: ReturnType<typeof jsonApi>) {
  return api.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Pouch platform',
      version: '1',
      description: 'Wallets, cards, balances, payments of signed checkout tags, refunds and signed webhooks.',
    },
  });
}

/** Every event the platform posts to a merchant's webhook URL, with its body, under the document's `webhooks`. */
function registerWebhooks(api: ReturnType<typeof router>): void {
  for (const type of Object.keys(WEBHOOK_EVENT_DATA) as WebhookEvent['type'][]) {
    api.openAPIRegistry.registerWebhook({
      method: 'post',
      path: type,
      summary: `${type}: signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature)`,
      request: { body: { content: { 'application/json': { schema: webhookEventSchema(type) } }, required: true } },
      responses: { 200: { description: 'Any 2xx within 10 s; anything else is retried for three days' } },
    });
  }
}

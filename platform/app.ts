import { cors } from 'hono/cors';
import { consoleRoutes } from './console/routes';
import type { Platform } from './context';
import { plainTextUrl } from './plain-text';
import { onError, problem } from './problem';
import { routeNotFound } from './refusals';
import { WEBHOOK_EVENT_DATA, webhookEventSchema } from '../protocol/webhook-events';
import type { WebhookEvent } from '../protocol/webhook';
import { docsRoutes } from './routes/docs';
import { router } from './routes/define';
import cards from './routes/cards';
import devices from './routes/devices';
import login from './routes/login';
import loyalty from './routes/loyalty';
import merchantKeys from './routes/merchant-keys';
import merchantPayments from './routes/merchant-payments';
import merchants from './routes/merchants';
import origins from './routes/origins';
import meta from './routes/meta';
import payments from './routes/payments';
import settlement from './routes/settlement';
import wallets from './routes/wallets';
import withdrawals from './routes/withdrawals';

/** The platform's HTTP face: every route, its OpenAPI document and docs page, problem-body errors. */
export function createApp(platform: Platform) {
  const app = router();
  app.onError(onError);
  app.notFound((c) => problem(c, routeNotFound(c.req.method, c.req.path)));
  // Wallet calls come from the extension's origin; auth is a bearer token, never a cookie, so any origin is safe.
  app.use(
    '*',
    cors({
      origin: '*',
      allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-none-match'],
      exposeHeaders: ['etag', 'idempotent-replayed'],
    }),
  );
  app.use('*', async (c, next) => {
    c.set('platform', platform);
    await next();
  });
  app.use('*', plainTextUrl);
  app.route('/', meta);
  app.route('/', wallets);
  app.route('/', devices);
  app.route('/', cards);
  app.route('/', withdrawals);
  app.route('/', payments);
  app.route('/', merchants);
  app.route('/', merchantPayments);
  app.route('/', origins);
  app.route('/', merchantKeys);
  app.route('/', loyalty);
  app.route('/', settlement);
  app.route('/', login);
  // The merchant console: server-rendered pages with a session cookie, outside the JSON API.
  app.route('/', consoleRoutes());
  app.openAPIRegistry.registerComponent('securitySchemes', 'walletSession', {
    type: 'http',
    scheme: 'bearer',
    description: 'Session token from POST /v1/sessions',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'merchantApiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'Merchant API key (sk_…)',
  });
  registerWebhooks(app);
  const document = () =>
    app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Pouch platform',
        version: '1',
        description: 'Wallets, cards, balances, payments of signed checkout tags, refunds and signed webhooks.',
      },
    });
  app.get('/openapi.json', (c) => c.json(document()));
  app.route('/', docsRoutes());
  return app;
}

/** Every event the platform posts to a merchant's webhook URL, with its body, under the document's `webhooks`. */
function registerWebhooks(app: ReturnType<typeof router>): void {
  for (const type of Object.keys(WEBHOOK_EVENT_DATA) as WebhookEvent['type'][]) {
    app.openAPIRegistry.registerWebhook({
      method: 'post',
      path: type,
      summary: `${type}: signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature)`,
      request: { body: { content: { 'application/json': { schema: webhookEventSchema(type) } }, required: true } },
      responses: { 200: { description: 'Any 2xx within 10 s; anything else is retried for three days' } },
    });
  }
}

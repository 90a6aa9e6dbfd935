import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WEBHOOK_EVENT_DATA, webhookEventSchema } from '../protocol/webhook-events';
import type { WebhookEvent } from '../protocol/webhook';
import { router } from './routes/define';
import agreements from './routes/agreements';
import cards from './routes/cards';
import devices from './routes/devices';
import login from './routes/login';
import loyalty from './routes/loyalty';
import merchantKeys from './routes/merchant-keys';
import merchantPayments from './routes/merchant-payments';
import merchants from './routes/merchants';
import meta from './routes/meta';
import orderMessages from './routes/order-messages';
import origins from './routes/origins';
import passkeys from './routes/passkeys';
import payments from './routes/payments';
import settlement from './routes/settlement';
import sharing from './routes/sharing';
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
    passkeys,
    cards,
    withdrawals,
    payments,
    merchants,
    merchantPayments,
    orderMessages,
    origins,
    merchantKeys,
    loyalty,
    agreements,
    sharing,
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

const GETTING_STARTED = readFileSync(join(import.meta.dirname, 'reference/getting-started.md'), 'utf8');

/** The reference's order: what a shop does first, then the rest of the shop's API; the extension's last. */
const TAGS = [
  ['Sign-up and origins', 'Open a shop and prove the origins it takes payments on.'],
  ['Payments and refunds', 'Your payments, refunds, and answers to escrow refund requests.'],
  ['Webhooks', 'Where events go, what was delivered, a resend, a test event.'],
  ['Coupons, points and news', 'Campaigns shoppers claim, the points program, messages to subscribers.'],
  ['Balance and payouts', 'What Pouch holds for you, the bank account it pays, payouts and statements.'],
  ['Keys', 'Rotate the API key and the webhook secret without downtime.'],
  ["Checking Pouch's signatures", 'Keys to verify receipts and sign-in ID tokens.'],
].map(([name, description]) => ({ name: name!, description }));

/** The OpenAPI 3.1 document of an API built by `jsonApi`. */
export function openApiDocument(api: ReturnType<typeof jsonApi>) {
  const document = api.getOpenAPI31Document({
    openapi: '3.1.0',
    info: { title: 'Pouch platform', version: '1', description: GETTING_STARTED },
  });
  const extension = new Set(
    Object.values(document.paths ?? {})
      .flatMap((item) => Object.values(item as Record<string, { tags?: string[] }>))
      .flatMap((operation) => operation.tags ?? [])
      .filter((tag) => tag.startsWith(EXTENSION_TAG)),
  );
  const extensionTags = [...extension]
    .sort()
    .map((name) => ({ name, description: 'Called by the Pouch wallet, not by shops.' }));
  return { ...document, tags: [...TAGS, ...extensionTags] };
}

/** The prefix of the tags of operations the Pouch extension calls (wallets, cards, sessions …). */
export const EXTENSION_TAG = 'Extension · ';

type ApiDocument = ReturnType<typeof openApiDocument>;

/**
 * The document split for the reference page: a shop's part (its operations, the webhooks, getting
 * started) and the extension's (the operations the wallet calls), each a whole document of its own.
 */
export function referenceParts(document: ApiDocument): { shop: ApiDocument; extension: ApiDocument } {
  const forExtension = (item: object) =>
    Object.values(item as Record<string, { tags?: string[] }>).some((op) => op.tags?.[0]?.startsWith(EXTENSION_TAG));
  const paths = Object.entries(document.paths ?? {});
  const pick = (extension: boolean) => Object.fromEntries(paths.filter(([, item]) => forExtension(item) === extension));
  const { webhooks: _shopOnly, ...withoutWebhooks } = document;
  return {
    shop: { ...document, paths: pick(false), tags: document.tags.filter((t) => !t.name.startsWith(EXTENSION_TAG)) },
    extension: {
      ...withoutWebhooks,
      info: { ...document.info, title: "The extension's operations", description: EXTENSION_INTRO },
      paths: pick(true),
      tags: document.tags.filter((t) => t.name.startsWith(EXTENSION_TAG)),
    },
  } as { shop: ApiDocument; extension: ApiDocument };
}

const EXTENSION_INTRO =
  'What the Pouch wallet (the browser extension) calls: wallets and their sessions, cards, top-ups, payments of checkout tags, coupons, sign-in. A shop does not call these; they are here so the platform is documented whole.';

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

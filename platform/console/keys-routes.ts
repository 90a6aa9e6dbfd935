import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import type { Env, Platform } from '../context';
import { OriginBodySchema, WebhookUrlBodySchema } from '../../protocol/api';
import { setWebhookUrl } from '../merchants/merchants';
import { addOrigin, merchantOrigins, verifyOrigin } from '../merchants/origins';
import { emptyForm } from './views/layout';
import { ROTATION_GRACE_MS, rotateApiKey, rotateWebhookSecret } from '../merchants/rotation';
import { listDeliveries } from '../webhooks/deliveries';
import { sendTestEvent } from '../webhooks/test-event';
import { ApiError } from '../api-error';
import { FormInput } from './form';
import { apiErrors, notice, shopOf, signedIn } from './http';
import { keysPage, type ShopKeys } from './views/keys';
import { rotationReviewPage, SECRETS, type Secret } from './views/rotation';

/** The keys page: ids, origins and their verification, the webhook URL, deliveries; rotating a secret. */
export function keysRoutes() {
  const app = new Hono<Env>();
  app.get('/keys', signedIn, async (c) => keys(c));

  // "Verify" on the keys page: fetch the origin's file now and say what was found.
  app.post('/origins/verify', signedIn, async (c) => {
    const form = await FormInput.of(c.req);
    const origin = form.text('origin');
    try {
      await verifyOrigin(c.var.platform, c.var.merchantId, origin);
      return c.redirect('/console/keys?done=verified', 303);
    } catch (error) {
      const refused = { origin, error: apiErrors(error).form ?? Object.values(apiErrors(error)).join('; ') };
      return keys(c, { refused }, 422);
    }
  });

  app.post('/webhooks/test', signedIn, async (c) => {
    try {
      await sendTestEvent(c.var.platform, c.var.merchantId);
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'rate_limited') throw error;
      return c.redirect('/console/keys?done=test-limited', 303);
    }
    return c.redirect('/console/keys?done=test-sent', 303);
  });

  app.post('/origins', signedIn, oneFieldForm('origin', 'originForm', OriginBodySchema, addOrigin, 'origin-added'));
  app.post(
    '/webhook-url',
    signedIn,
    oneFieldForm('webhookUrl', 'webhookForm', WebhookUrlBodySchema, setWebhookUrl, 'webhook-url'),
  );

  // Rotation says first what will happen (when the current secret stops, and whether an older one
  // still in its grace stops now); only the review's button rotates.
  app.get('/keys/rotate/:which{api-key|webhook-secret}', signedIn, async (c) => {
    const which = c.req.param('which') as Secret;
    const now = c.var.platform.now();
    const row = await c.var.platform.db
      .selectFrom('merchants')
      .select(['name', 'previous_api_key_until', 'previous_webhook_secret_until'])
      .where('id', '=', c.var.merchantId)
      .executeTakeFirstOrThrow();
    const previousUntil = which === 'api-key' ? row.previous_api_key_until : row.previous_webhook_secret_until;
    return c.html(
      rotationReviewPage(row.name, which, {
        currentUntil: new Date(now.getTime() + ROTATION_GRACE_MS).toISOString(),
        endsNow: previousUntil && previousUntil > now ? previousUntil.toISOString() : null,
      }),
    );
  });
  // The new secret is on this one page, once; the old one works for 24 hours more.
  app.post('/keys/rotate/:which{api-key|webhook-secret}', signedIn, async (c) => {
    const which = c.req.param('which') as Secret;
    const form = await FormInput.of(c.req);
    if (form.text('reviewed') !== 'yes') return c.redirect(`/console/keys/rotate/${which}`, 303);
    const p = c.var.platform;
    const { secret, previousValidUntil } =
      which === 'api-key'
        ? await rotateApiKey(p, c.var.merchantId).then((r) => ({ ...r, secret: r.apiKey }))
        : await rotateWebhookSecret(p, c.var.merchantId).then((r) => ({ ...r, secret: r.webhookSecret }));
    c.header('cache-control', 'no-store');
    return keys(c, { rotated: { label: SECRETS[which].label, secret, previousValidUntil } });
  });
  return app;
}

/**
 * A one-field form of the Keys page (add an origin, change the webhook URL): checked by the API's own
 * schema, then done as the API does it; either refusal shows beside the field, success says `done`.
 */
function oneFieldForm<K extends string>(
  field: K,
  view: 'originForm' | 'webhookForm',
  schema: z.ZodType<Record<K, string>>,
  act: (p: Platform, merchantId: string, value: string) => Promise<unknown>,
  done: string,
) {
  return async (c: Context<Env>) => {
    const form = await FormInput.of(c.req);
    const body = form.check(schema, { [field]: form.text(field) });
    if (!body) return keys(c, { [view]: form }, 422);
    try {
      await act(c.var.platform, c.var.merchantId, body[field]);
    } catch (error) {
      Object.assign(form.errors, apiErrors(error));
      return keys(c, { [view]: form }, 422);
    }
    return c.redirect(`/console/keys?done=${done}`, 303);
  };
}

/** The keys page: ids, origins with their verification state, webhook URL, recent deliveries. */
async function keys(
  c: Context<Env>,
  state: Pick<ShopKeys, 'refused' | 'rotated' | 'originForm' | 'webhookForm'> = {},
  status: ContentfulStatusCode = 200,
) {
  const db = c.var.platform.db;
  const [row, kids, origins, deliveries] = await Promise.all([
    shopOf(c),
    db.selectFrom('merchant_keys').select('kid').where('merchant_id', '=', c.var.merchantId).execute(),
    merchantOrigins(db, c.var.merchantId),
    listDeliveries(db, c.var.merchantId),
  ]);
  const page = keysPage(row.name, {
    merchantId: row.id,
    origins,
    webhookUrl: row.webhook_url,
    kids: kids.map((k) => k.kid),
    deliveries: deliveries.items.slice(0, 20),
    ...state,
    originForm: state.originForm ?? emptyForm(),
    webhookForm: state.webhookForm ?? emptyForm({ webhookUrl: row.webhook_url }),
    notice: notice(c),
  });
  return c.html(page, status);
}

import { sealContext } from '../crypto/secret-box';
import type { Platform } from '../context';
import { newWebhookSecret, secretToken, sha256 } from '../ids';
import { DAY_MS } from '../../protocol/time';

/** How long the previous API key still works, and webhooks still carry a signature under the previous secret. */
export const ROTATION_GRACE_MS = DAY_MS;

/** A new API key, shown once; the current one keeps working for the grace period, as Stripe's rolling keys do. */
export async function rotateApiKey(p: Platform, merchantId: string) {
  const apiKey = secretToken('sk');
  const until = new Date(p.now().getTime() + ROTATION_GRACE_MS);
  await p.db
    .updateTable('merchants')
    .set((eb) => ({
      previous_api_key_hash: eb.ref('api_key_hash'),
      previous_api_key_until: until,
      api_key_hash: sha256(apiKey),
    }))
    .where('id', '=', merchantId)
    .execute();
  return { apiKey, previousValidUntil: until.toISOString() };
}

/** A new webhook secret, shown once; deliveries carry signatures under both until the grace period ends. */
export async function rotateWebhookSecret(p: Platform, merchantId: string) {
  const webhookSecret = newWebhookSecret();
  const until = new Date(p.now().getTime() + ROTATION_GRACE_MS);
  const sealed = await p.box.seal(webhookSecret, sealContext.webhookSecret(merchantId));
  await p.db
    .updateTable('merchants')
    .set((eb) => ({
      previous_webhook_secret: eb.ref('webhook_secret'),
      previous_webhook_secret_until: until,
      webhook_secret: sealed,
    }))
    .where('id', '=', merchantId)
    .execute();
  return { webhookSecret, previousValidUntil: until.toISOString() };
}

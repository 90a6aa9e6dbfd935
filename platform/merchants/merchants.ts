import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { z } from 'zod';
import type { MerchantSignupBodySchema } from '../../protocol/api';
import type { Platform } from '../context';
import type { DB, Tx } from '../db/connect';
import { newId, newWebhookSecret, secretToken, sha256 } from '../ids';
import { registrationFault } from '../egress/outbound';
import { webhookUrlRefused } from '../refusals';
import { claimOrigins, merchantOrigins, refuseUncallableOrigins } from './origins';
import { sealContext } from '../crypto/secret-box';

/**
 * Self-service sign-up: free and immediate. Returns the API key and webhook secret once, and the
 * private key too when the platform made the key pair (it keeps only the public half). `alsoInTx`
 * writes what else must exist with the merchant (the console's login), in the same transaction.
 */
export async function signUpMerchant(
  p: Platform,
  body: z.infer<typeof MerchantSignupBodySchema>,
  alsoInTx?: (tx: Tx, merchantId: string) => Promise<void>,
) {
  await refuseUncallableWebhook(p, body.webhookUrl);
  await refuseUncallableOrigins(p.config.egress, body.origins, (index) => `origins.${index}`);
  let publicJwk: JWK;
  let privateJwk: Record<string, string> | undefined;
  if (body.publicJwk) {
    const { kty, crv, x, y } = body.publicJwk;
    publicJwk = { kty, crv, x, y };
  } else {
    const pair = await generateKeyPair('ES256', { extractable: true });
    const { kty, crv, x, y, d } = await exportJWK(pair.privateKey);
    publicJwk = { kty, crv, x, y };
    privateJwk = { kty: kty!, crv: crv!, x: x!, y: y!, d: d! };
  }
  const kid = await calculateJwkThumbprint(publicJwk);
  const merchantId = newId('m');
  const apiKey = secretToken('sk');
  const webhookSecret = newWebhookSecret();
  await p.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('merchants')
      .values({
        id: merchantId,
        name: body.name,
        category: body.category,
        logo: body.logo ?? null,
        webhook_url: body.webhookUrl,
        webhook_secret: await p.box.seal(webhookSecret, sealContext.webhookSecret(merchantId)),
        api_key_hash: sha256(apiKey),
      })
      .execute();
    await tx
      .insertInto('merchant_keys')
      .values({ kid: `${merchantId}.${kid}`, merchant_id: merchantId, public_jwk: JSON.stringify(publicJwk) })
      .execute();
    await claimOrigins(tx, merchantId, body.origins);
    await alsoInTx?.(tx, merchantId);
  });
  const snippet = [
    `<meta name="pouch-merchant" content="${merchantId}">`,
    `<script type="application/pouch-checkout+jws">SIGNED_TAG_FOR_THIS_ORDER</script>`,
  ].join('\n');
  const origins = await merchantOrigins(p.db, merchantId);
  return {
    merchantId,
    kid: `${merchantId}.${kid}`,
    apiKey,
    webhookSecret,
    ...(privateJwk && { privateJwk }),
    snippet,
    origins,
  };
}

/**
 * The partner directory the extension caches: who may issue tags, from which origins, with which
 * keys. Only origins a merchant has verified are listed, and only merchants with at least one.
 */
export async function directory(db: DB) {
  const merchants = await db
    .selectFrom('merchants')
    .leftJoin('points_programs', 'points_programs.merchant_id', 'merchants.id')
    .select(['id', 'name', 'category', 'logo', 'points_programs.points_per_unit', 'points_programs.point_value'])
    .orderBy('id')
    .execute();
  const verified = await db
    .selectFrom('merchant_origins')
    .select(['merchant_id', 'origin'])
    .where('status', '=', 'verified')
    .orderBy('origin')
    .execute();
  const originsOf = (merchantId: string) => verified.filter((o) => o.merchant_id === merchantId).map((o) => o.origin);
  const keys = await db
    .selectFrom('merchant_keys')
    .select(['kid', 'merchant_id', 'public_jwk'])
    .orderBy('kid')
    .execute();
  return {
    partners: merchants
      .filter((m) => originsOf(m.id).length > 0)
      .map((m) => ({
        merchantId: m.id,
        name: m.name,
        category: m.category,
        ...(m.logo && { logo: m.logo }),
        origins: originsOf(m.id),
        pointsPerUnit: m.points_per_unit ?? 0,
        pointValue: m.point_value ?? 0,
        keys: keys.filter((k) => k.merchant_id === m.id).map((k) => ({ ...(k.public_jwk as JWK), kid: k.kid })) as {
          kid: string;
          kty: 'EC';
          crv: 'P-256';
          x: string;
          y: string;
        }[],
      })),
  };
}

/**
 * Points the shop's webhooks at another URL, refused unless the egress policy would call it (as at
 * sign-up). Events from now on go there; deliveries already queued keep the URL they were made for.
 */
export async function setWebhookUrl(p: Platform, merchantId: string, webhookUrl: string) {
  await refuseUncallableWebhook(p, webhookUrl);
  await p.db.updateTable('merchants').set({ webhook_url: webhookUrl }).where('id', '=', merchantId).execute();
  return { webhookUrl };
}

/** A webhook URL the egress policy would not call is refused before it is stored. */
async function refuseUncallableWebhook(p: Platform, webhookUrl: string): Promise<void> {
  const fault = await registrationFault(webhookUrl, p.config.egress);
  if (fault) throw webhookUrlRefused(fault);
}

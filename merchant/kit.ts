/**
 * The Pouch merchant kit for a shop's Node server: sign checkout tags, verify webhooks and receipts.
 * Built on jose; no hand-rolled crypto.
 */
import { createRemoteJWKSet, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import { randomUUID } from 'node:crypto';
import {
  CHECKOUT_TAG_ALG,
  CHECKOUT_TAG_AUDIENCE,
  CHECKOUT_TAG_TYPE,
  CheckoutTagPayloadSchema,
  type CheckoutTagPayload,
} from '../protocol/checkout-tag';
import { verifyWebhookSignature, WebhookEventSchema, type WebhookEvent } from '../protocol/webhook';

export interface MerchantKey {
  merchantId: string;
  kid: string;
  privateJwk: JWK;
}

export interface Order {
  origin: string;
  orderId: string;
  amount: number;
  currency: string;
  label: string;
  items?: CheckoutTagPayload['items'];
  mode?: CheckoutTagPayload['mode'];
  /** Seconds the tag stays valid; 15 minutes unless said. */
  ttlSeconds?: number;
}

/** Signs a checkout tag for one order. The payload is checked against the schema before signing. */
export async function signCheckoutTag(key: MerchantKey, order: Order, now = new Date()): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  const payload = CheckoutTagPayloadSchema.parse({
    v: 1,
    iss: key.merchantId,
    aud: CHECKOUT_TAG_AUDIENCE,
    origin: order.origin,
    orderId: order.orderId,
    amount: order.amount,
    currency: order.currency,
    label: order.label,
    ...(order.items && { items: order.items }),
    mode: order.mode ?? 'direct',
    iat,
    exp: iat + (order.ttlSeconds ?? 15 * 60),
    jti: randomUUID(),
  });
  const privateKey = await importJWK(key.privateJwk, CHECKOUT_TAG_ALG);
  return new SignJWT(payload)
    .setProtectedHeader({ alg: CHECKOUT_TAG_ALG, kid: key.kid, typ: CHECKOUT_TAG_TYPE })
    .sign(privateKey);
}

/** The HTML to place on the checkout page. A compact JWS has no characters that need escaping. */
export function checkoutTagHtml(tag: string): string {
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(tag)) throw new Error('not a compact JWS');
  return `<script type="application/pouch-checkout+jws">${tag}</script>`;
}

/** Verifies a webhook request from its raw body and `Pouch-Signature` header; returns the event. */
export async function verifyWebhook(
  secret: string,
  rawBody: string,
  signatureHeader: string | null | undefined,
  now = new Date(),
): Promise<WebhookEvent> {
  const check = await verifyWebhookSignature(secret, rawBody, signatureHeader, Math.floor(now.getTime() / 1000));
  if (!check.ok) throw new Error(`webhook refused: ${check.reason}`);
  return WebhookEventSchema.parse(JSON.parse(rawBody));
}

export interface Receipt {
  paymentId: string;
  orderId: string;
  amount: number;
  currency: string;
  status: string;
}

/** Verifies a payment receipt with the platform's published keys. */
export async function verifyReceipt(
  receipt: string,
  options: { platformUrl: string; merchantId: string },
): Promise<Receipt> {
  const jwks = createRemoteJWKSet(new URL('/.well-known/jwks.json', options.platformUrl));
  const { payload } = await jwtVerify(receipt, jwks, {
    issuer: options.platformUrl,
    audience: options.merchantId,
    algorithms: ['ES256'],
    typ: 'pouch-receipt+jwt',
  });
  return payload as unknown as Receipt;
}

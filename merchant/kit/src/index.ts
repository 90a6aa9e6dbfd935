/**
 * The Pouch merchant kit for a shop's Node server: sign checkout tags, verify webhooks and receipts.
 * Built on jose; no hand-rolled crypto.
 */
import type { SharedDetails } from '../../../protocol/sharing';
import { createRemoteJWKSet, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  CHECKOUT_TAG_ALG,
  CHECKOUT_TAG_AUDIENCE,
  CHECKOUT_TAG_TYPE,
  CheckoutTagPayloadSchema,
  COMPACT_JWS,
  type CheckoutTagPayload,
} from '../../../protocol/checkout-tag';
import { ORIGIN_VERIFICATION_PATH } from '../../../protocol/origin';
import { SignInRequestSchema } from '../../../protocol/sign-in';
import { SIGN_IN_TAG_TYPE } from '../../../protocol/sign-in-tag';
import {
  verifyWebhookHeaders,
  WEBHOOK_HEADERS,
  WebhookEventSchema,
  type WebhookEvent,
} from '../../../protocol/webhook';

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
  /**
   * With mode "agreement": a password-free agreement instead of a payment — `amount` is the most you
   * may charge per `period`, `label` what for, `orderId` your reference, `end` (Unix seconds) when it stops.
   */
  agreement?: CheckoutTagPayload['agreement'];
  /** What to ask the shopper to share with the payment: `['address']`, `['contact']` or both; it arrives in the webhook. */
  share?: CheckoutTagPayload['share'];
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
    ...(order.agreement && { agreement: order.agreement }),
    ...(order.share && { share: order.share }),
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
  if (!COMPACT_JWS.test(tag)) throw new Error('not a compact JWS');
  return `<script type="application/pouch-checkout+jws">${tag}</script>`;
}

/** A fresh nonce for one sign-in page. Keep it in the visitor's server-side session; `verifyIdToken` checks it. */
export function newSignInNonce(): string {
  return randomBytes(24).toString('base64url');
}

/** The HTML that asks Pouch to offer "Sign in with Pouch" at this spot of the page. */
export function signInTagHtml(request: {
  merchantId: string;
  nonce: string;
  /** Ask the shopper to share these in the ID token (claims `email`, `address`); they choose in Pouch. */
  scope?: ('address' | 'contact')[];
}): string {
  const json = JSON.stringify(SignInRequestSchema.parse(request)).replace(/</g, '\\u003c');
  return `<script type="${SIGN_IN_TAG_TYPE}">${json}</script>`;
}

/** A request's headers as a shop's framework hands them over: a Fetch `Headers` or Node's plain object. */
export type RequestHeaders = Headers | Record<string, string | string[] | undefined>;

/** A header by its lower-case name, whatever case the framework kept it in. */
const header = (headers: RequestHeaders, name: string): string | undefined => {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Verifies a webhook request per Standard Webhooks (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`, five minutes' tolerance) from its raw body, and returns the event. Deduplicate
 * by `event.id`: a delivery may come more than once.
 */
export function verifyWebhook(secret: string, rawBody: string, headers: RequestHeaders): WebhookEvent {
  const signed = Object.fromEntries(Object.values(WEBHOOK_HEADERS).map((name) => [name, header(headers, name) ?? '']));
  try {
    verifyWebhookHeaders(secret, rawBody, signed);
  } catch (error) {
    throw new Error(`webhook refused: ${(error as Error).message}`, { cause: error });
  }
  return WebhookEventSchema.parse(JSON.parse(rawBody));
}

export interface Receipt {
  paymentId: string;
  orderId: string;
  amount: number;
  currency: string;
  status: string;
}

/**
 * Verifies a "Sign in with Pouch" ID token: the platform's signature, issuer, your merchant id as
 * audience, expiry, and the nonce your page asked with. Returns the stable, per-shop subject, and
 * what the shopper chose to share when your sign-in tag asked (`scope`).
 */
export async function verifyIdToken(
  idToken: string,
  options: { platformUrl: string; merchantId: string; nonce: string },
): Promise<{ subject: string; authTime: number; email?: string; address?: SharedDetails['address'] }> {
  const jwks = createRemoteJWKSet(new URL('/.well-known/jwks.json', options.platformUrl));
  const { payload } = await jwtVerify(idToken, jwks, {
    issuer: options.platformUrl,
    audience: options.merchantId,
    algorithms: ['ES256'],
    requiredClaims: ['sub', 'nonce', 'exp'],
  });
  if (payload.nonce !== options.nonce)
    throw new Error('ID token refused: the nonce is not the one this page asked with');
  return {
    subject: payload.sub!,
    authTime: Number(payload.auth_time),
    ...(typeof payload.email === 'string' && { email: payload.email }),
    ...(payload.address !== undefined && { address: payload.address as SharedDetails['address'] }),
  };
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

export { merchantApi, originVerificationBody, PouchApiError } from './api';
export { ORIGIN_VERIFICATION_PATH, WEBHOOK_HEADERS };
export type { WebhookEvent };

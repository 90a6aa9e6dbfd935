import { z } from 'zod';
import { Webhook } from 'standardwebhooks';

/**
 * Webhooks are signed per Standard Webhooks (https://www.standardwebhooks.com): `webhook-id` (the
 * event id), `webhook-timestamp` (unix seconds), `webhook-signature: v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">`, space-separated when two secrets are live during a rotation.
 */
export const WEBHOOK_HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
} as const;

/**
 * Pouch's own scheme before Standard Webhooks, still sent alongside for one release so shops can move:
 * `Pouch-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.rawBody">`, keyed with the bytes of
 * the whole `whsec_…` string (as it always was; Standard Webhooks keys with the decoded part).
 */
export const LEGACY_SIGNATURE_HEADER = 'Pouch-Signature';
export const LEGACY_EVENT_ID_HEADER = 'Pouch-Event-Id';

export const WebhookEventSchema = z.object({
  id: z.string(),
  type: z.enum([
    'payment.succeeded',
    'payment.refunded',
    'payment.released',
    'payment.refund_requested',
    'payment.refund_declined',
    /** The shopper wrote to the shop about the payment's order. */
    'payment.message_received',
    /** A shopper accepted a password-free agreement; charge within it with POST /v1/merchant/agreements/{id}/charges. */
    'agreement.created',
    /** The shopper (or the shop) cancelled an agreement: no charge is taken under it any more. */
    'agreement.cancelled',
    'payout.paid',
    'merchant.origin_lost',
    'merchant.bank_account_changed',
    /** Sent only when the shop asks (console or POST /v1/merchant/webhooks/test): a check of its endpoint. */
    'webhook.test',
  ]),
  createdAt: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookEvent = z.infer<typeof WebhookEventSchema>;

/**
 * The HMAC key of a webhook secret: `whsec_` then base64. Secrets issued before Standard Webhooks are
 * base64url; the same bytes, so both spellings are read here.
 */
export function webhookKey(secret: string): Uint8Array {
  const text = secret
    .replace(/^whsec_/, '')
    .replace(/-/g, '+')
    .replace(/_/g, '/');
  return Uint8Array.from(atob(text.padEnd(Math.ceil(text.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
}

/** The `webhook-signature` value for a body under each live secret (the current one first). */
export function signWebhook(secrets: string[], id: string, timestamp: number, rawBody: string): string {
  const at = new Date(timestamp * 1000);
  return secrets.map((secret) => new Webhook(webhookKey(secret), { format: 'raw' }).sign(id, at, rawBody)).join(' ');
}

/** Verifies a delivery's Standard Webhooks headers over its raw body (the library allows 300 s of clock difference); throws if not. */
export function verifyWebhookHeaders(secret: string, rawBody: string, headers: Record<string, string>): void {
  new Webhook(webhookKey(secret), { format: 'raw' }).verify(rawBody, headers, { jsonParse: false });
}

async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(message));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The legacy `Pouch-Signature` value (see LEGACY_SIGNATURE_HEADER), under each live secret. */
export async function signLegacyWebhook(secrets: string[], rawBody: string, timestamp: number): Promise<string> {
  const macs = await Promise.all(secrets.map((secret) => hmacHex(secret, `${timestamp}.${rawBody}`)));
  return [`t=${timestamp}`, ...macs.map((mac) => `v1=${mac}`)].join(',');
}

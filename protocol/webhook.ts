import { z } from 'zod';

/** `Pouch-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.rawBody">` */
export const SIGNATURE_HEADER = 'Pouch-Signature';
export const EVENT_ID_HEADER = 'Pouch-Event-Id';
export const SIGNATURE_TOLERANCE_S = 300;

export const WebhookEventSchema = z.object({
  id: z.string(),
  type: z.enum([
    'payment.succeeded',
    'payment.refunded',
    'payment.released',
    'payment.refund_requested',
    'payment.refund_declined',
    'payout.paid',
    'merchant.origin_lost',
    'merchant.bank_account_changed',
  ]),
  createdAt: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookEvent = z.infer<typeof WebhookEventSchema>;

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

export async function signWebhook(secret: string, rawBody: string, timestamp: number): Promise<string> {
  return `t=${timestamp},v1=${await hmacHex(secret, `${timestamp}.${rawBody}`)}`;
}

/** Compares in time independent of where the strings differ. */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export type WebhookCheck = { ok: true } | { ok: false; reason: string };

/** Verifies a `Pouch-Signature` over the raw request body, within the timestamp tolerance. */
export async function verifyWebhookSignature(
  secret: string,
  rawBody: string,
  header: string | null | undefined,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = SIGNATURE_TOLERANCE_S,
): Promise<WebhookCheck> {
  if (!header) return { ok: false, reason: `missing ${SIGNATURE_HEADER} header` };
  const parts = new Map<string, string[]>();
  for (const part of header.split(',')) {
    const [k, v] = part.trim().split('=', 2);
    if (k && v) parts.set(k, [...(parts.get(k) ?? []), v]);
  }
  const t = Number(parts.get('t')?.[0]);
  const signatures = parts.get('v1') ?? [];
  if (!Number.isInteger(t) || signatures.length === 0) return { ok: false, reason: 'malformed signature header' };
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return { ok: false, reason: 'timestamp outside the tolerance' };
  const expected = await hmacHex(secret, `${t}.${rawBody}`);
  return signatures.some((s) => constantTimeEqual(s, expected))
    ? { ok: true }
    : { ok: false, reason: 'signature does not match' };
}

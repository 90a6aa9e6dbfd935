import { sql } from 'kysely';
import {
  LEGACY_EVENT_ID_HEADER,
  LEGACY_SIGNATURE_HEADER,
  signLegacyWebhook,
  signWebhook,
  WEBHOOK_HEADERS,
} from '../../protocol/webhook';
import type { PlatformConfig } from '../config';
import type { DB } from '../db/connect';
import type { SecretBox } from '../crypto/secret-box';
import { sealContext } from '../crypto/secret-box';
import { EgressError, outbound } from '../egress/outbound';
import { servedToShop } from '../wallets/shares';

const LEASE_S = 60;
const BATCH = 20;
const SEND_TIMEOUT_MS = 10_000;
/** A merchant's answer is read only to its end, and only this far. */
const ANSWER_MAX_BYTES = 64 * 1024;

type DeliveryConfig = Pick<PlatformConfig, 'webhooks' | 'egress'>;

interface Due {
  id: string;
  merchant_id: string;
  previous_secret: string | null;
  previous_secret_until: Date | null;
  url: string;
  attempts: number;
  created_at: Date;
  event_id: string;
  type: string;
  payload: Record<string, unknown>;
  event_created_at: Date;
  secret: string;
  /** A `payment.succeeded` that shared the shopper's details: its payment's sealed copy, and any revocation. */
  shared_sealed: string | null;
  shared_revoked_at: Date | null;
}

/** Exponential backoff: first retry after `firstRetryMs`, doubling, at most `maxRetryMs`. */
export function retryDelay(attempts: number, config: PlatformConfig['webhooks']): number {
  return Math.min(config.firstRetryMs * 2 ** Math.max(0, attempts - 1), config.maxRetryMs);
}

/**
 * Claims due deliveries with a lease. `FOR UPDATE SKIP LOCKED` lets many processes share the work
 * without two sending one delivery at once; a process that dies mid-send leaves a lease that ends,
 * and the delivery is tried again (merchants deduplicate by event id).
 */
async function claim(db: DB): Promise<Due[]> {
  const { rows } = await sql<Due>`
    UPDATE webhook_deliveries d
       SET locked_until = now() + make_interval(secs => ${LEASE_S}), attempts = d.attempts + 1
      FROM webhook_events e
           JOIN merchants m ON m.id = e.merchant_id
           LEFT JOIN payments p ON e.type = 'payment.succeeded' AND p.id = e.payload -> 'payment' ->> 'id'
                               AND p.merchant_id = e.merchant_id AND p.shared_sealed IS NOT NULL
           LEFT JOIN share_revocations r ON r.wallet_id = p.wallet_id AND r.merchant_id = p.merchant_id
     WHERE d.id IN (SELECT id FROM webhook_deliveries
                     WHERE status = 'pending' AND next_attempt_at <= now()
                       AND (locked_until IS NULL OR locked_until < now())
                     ORDER BY next_attempt_at LIMIT ${BATCH}
                     FOR UPDATE SKIP LOCKED)
       AND e.id = d.event_id AND m.id = d.merchant_id
    RETURNING d.id, d.merchant_id, d.url, d.attempts, d.created_at, e.id AS event_id, e.type, e.payload,
              e.created_at AS event_created_at, m.webhook_secret AS secret,
              m.previous_webhook_secret AS previous_secret, m.previous_webhook_secret_until AS previous_secret_until,
              p.shared_sealed, r.revoked_at AS shared_revoked_at`.execute(db);
  return rows;
}

/** The secrets a delivery is signed under: the current one, and the previous during a rotation's grace. */
async function liveSecrets(delivery: Due, box: SecretBox): Promise<string[]> {
  const context = sealContext.webhookSecret(delivery.merchant_id);
  const current = await box.open(delivery.secret, context);
  const previous = delivery.previous_secret;
  if (!previous || !delivery.previous_secret_until || new Date(delivery.previous_secret_until) <= new Date())
    return [current];
  return [current, await box.open(previous, context)];
}

/**
 * The signature headers: Standard Webhooks, and for one release the legacy `Pouch-Signature`, each
 * under every live secret so a merchant verifying with either secret is not interrupted.
 */
async function signatureHeaders(delivery: Due, body: string, box: SecretBox): Promise<Record<string, string>> {
  const t = Math.floor(Date.now() / 1000);
  const secrets = await liveSecrets(delivery, box);
  return {
    [WEBHOOK_HEADERS.id]: delivery.event_id,
    [WEBHOOK_HEADERS.timestamp]: String(t),
    [WEBHOOK_HEADERS.signature]: signWebhook(secrets, delivery.event_id, t, body),
    [LEGACY_SIGNATURE_HEADER]: await signLegacyWebhook(secrets, body, t),
    [LEGACY_EVENT_ID_HEADER]: delivery.event_id,
  };
}

/** The event's data as sent: a payment's shared details are opened from the payment, never kept in the outbox. */
async function eventData(delivery: Due, box: SecretBox): Promise<Record<string, unknown>> {
  if (!delivery.shared_sealed) return delivery.payload;
  const payment = delivery.payload.payment as { id: string };
  const shared = await servedToShop(box, {
    id: payment.id,
    sharedSealed: delivery.shared_sealed,
    revokedAt: delivery.shared_revoked_at,
  });
  return { ...delivery.payload, shared };
}

/**
 * Posts one delivery through the egress policy. What the merchant later reads in `lastError` is the
 * platform's own words ("HTTP 500", "timed out", "refused by the egress policy: …"), never the
 * remote's body or a socket error that would map the platform's network.
 */
async function send(
  delivery: Due,
  config: DeliveryConfig,
  box: SecretBox,
): Promise<{ status: number | null; error: string | null }> {
  const body = JSON.stringify({
    id: delivery.event_id,
    type: delivery.type,
    createdAt: new Date(delivery.event_created_at).toISOString(),
    data: await eventData(delivery, box),
  });
  const signed = await signatureHeaders(delivery, body, box);
  try {
    const response = await outbound(
      delivery.url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signed },
        body,
        timeoutMs: SEND_TIMEOUT_MS,
        maxBytes: ANSWER_MAX_BYTES,
      },
      config.egress,
    );
    const ok = response.status >= 200 && response.status < 300;
    return { status: response.status, error: ok ? null : `HTTP ${response.status}` };
  } catch (error) {
    if (error instanceof EgressError) return { status: null, error: error.message };
    throw error;
  }
}

/** What one send leaves on its delivery: delivered, or waiting `retryS` for the next try, or given up. */
interface Outcome {
  id: string;
  status: 'succeeded' | 'pending' | 'failed';
  last_status: number | null;
  last_error: string | null;
  retry_s: number | null;
}

/** A send's outcome: a 2xx is delivered; anything else is tried again later, until the give-up time has passed. */
export function outcomeOf(
  delivery: Pick<Due, 'id' | 'attempts' | 'created_at'>,
  sent: { status: number | null; error: string | null },
  config: PlatformConfig['webhooks'],
  now = Date.now(),
): Outcome {
  const base = { id: delivery.id, last_status: sent.status, last_error: sent.error };
  if (sent.status !== null && sent.status >= 200 && sent.status < 300)
    return { ...base, status: 'succeeded', retry_s: null };
  const delay = retryDelay(delivery.attempts, config);
  const giveUp = now + delay > new Date(delivery.created_at).getTime() + config.giveUpAfterMs;
  return { ...base, status: giveUp ? 'failed' : 'pending', retry_s: delay / 1000 };
}

/** A pass's outcomes in one statement, however many deliveries it sent; each lease ends with it. */
async function recordOutcomes(db: DB, outcomes: Outcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  await sql`
    UPDATE webhook_deliveries AS d
       SET status = o.status, last_status = o.last_status, last_error = o.last_error, locked_until = NULL,
           delivered_at = CASE WHEN o.status = 'succeeded' THEN now() ELSE d.delivered_at END,
           next_attempt_at = CASE WHEN o.retry_s IS NULL THEN d.next_attempt_at
                                  ELSE now() + make_interval(secs => o.retry_s) END
      FROM jsonb_to_recordset(${JSON.stringify(outcomes)}::jsonb)
           AS o(id text, status text, last_status integer, last_error text, retry_s double precision)
     WHERE d.id = o.id`.execute(db);
}

/**
 * Sends every due delivery once, all at once, and records what happened in one statement; returns how
 * many it tried. A slow shop holds its pass's record back (up to the send timeout), never a payment.
 */
async function deliverDue(db: DB, config: DeliveryConfig, box: SecretBox): Promise<number> {
  const due = await claim(db);
  const outcomes = await Promise.all(
    due.map(async (delivery) => outcomeOf(delivery, await send(delivery, config, box), config.webhooks)),
  );
  await recordOutcomes(db, outcomes);
  return due.length;
}

interface DeliveryWorker {
  kick(): void;
  stop(): Promise<void>;
}

/** Polls for due deliveries; `kick` runs a pass at once (after a payment commits). */
export function startDeliveryWorker(db: DB, config: DeliveryConfig, box: SecretBox): DeliveryWorker {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const pass = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          while ((await deliverDue(db, config, box)) === BATCH && !stopped);
        } catch (error) {
          if (!stopped) console.error('[platform] webhook delivery pass failed', error);
        }
      } while (again && !stopped);
    })().finally(() => (running = null));
  };
  const timer = setInterval(pass, config.webhooks.pollMs);
  timer.unref();
  return {
    kick: pass,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

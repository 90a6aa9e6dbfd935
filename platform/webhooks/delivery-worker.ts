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
      FROM webhook_events e, merchants m
     WHERE d.id IN (SELECT id FROM webhook_deliveries
                     WHERE status = 'pending' AND next_attempt_at <= now()
                       AND (locked_until IS NULL OR locked_until < now())
                     ORDER BY next_attempt_at LIMIT ${BATCH}
                     FOR UPDATE SKIP LOCKED)
       AND e.id = d.event_id AND m.id = d.merchant_id
    RETURNING d.id, d.merchant_id, d.url, d.attempts, d.created_at, e.id AS event_id, e.type, e.payload,
              e.created_at AS event_created_at, m.webhook_secret AS secret,
              m.previous_webhook_secret AS previous_secret, m.previous_webhook_secret_until AS previous_secret_until`.execute(
    db,
  );
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
    data: delivery.payload,
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

/** Sends every due delivery once; returns how many it tried. */
async function deliverDue(db: DB, config: DeliveryConfig, box: SecretBox): Promise<number> {
  const due = await claim(db);
  await Promise.all(
    due.map(async (delivery) => {
      const { status, error } = await send(delivery, config, box);
      const base = { last_status: status, last_error: error, locked_until: null };
      if (status !== null && status >= 200 && status < 300) {
        await db
          .updateTable('webhook_deliveries')
          .set({ ...base, status: 'succeeded', delivered_at: sql`now()` })
          .where('id', '=', delivery.id)
          .execute();
        return;
      }
      const delay = retryDelay(delivery.attempts, config.webhooks);
      const giveUp = Date.now() + delay > new Date(delivery.created_at).getTime() + config.webhooks.giveUpAfterMs;
      await db
        .updateTable('webhook_deliveries')
        .set({
          ...base,
          status: giveUp ? 'failed' : 'pending',
          next_attempt_at: sql`now() + make_interval(secs => ${delay / 1000})`,
        })
        .where('id', '=', delivery.id)
        .execute();
    }),
  );
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

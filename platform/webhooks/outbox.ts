import { sql } from 'kysely';
import type { WebhookEvent } from '../../protocol/webhook';
import { newId } from '../ids';
import type { Tx } from '../db/connect';

/**
 * Writes an event and its delivery in the caller's transaction (a transactional outbox): the event
 * exists if and only if the business change committed. The delivery worker sends it afterwards. The
 * writes are the database function `enqueue_event`, which a payment also calls from inside its own.
 */
export async function enqueueEvent(
  tx: Tx,
  merchant: { id: string; webhook_url: string },
  type: WebhookEvent['type'],
  data: Record<string, unknown>,
): Promise<string> {
  const id = newId('evt');
  await sql`SELECT enqueue_event(${id}, ${newId('whd')}, ${merchant.id}, ${merchant.webhook_url}, ${type},
    ${JSON.stringify(data)}::jsonb)`.execute(tx);
  return id;
}

import { sql } from 'kysely';
import type { WebhookEvent } from '../../protocol/webhook';
import { newId } from '../ids';
import type { Tx } from '../ledger/ledger';

/**
 * Writes an event and its delivery in the caller's transaction (a transactional outbox): the event
 * exists if and only if the business change committed. The delivery worker sends it afterwards.
 */
export async function enqueueEvent(
  tx: Tx,
  merchant: { id: string; webhook_url: string },
  type: WebhookEvent['type'],
  data: Record<string, unknown>,
): Promise<string> {
  const id = newId('evt');
  await tx
    .insertInto('webhook_events')
    .values({ id, merchant_id: merchant.id, type, payload: JSON.stringify(data) })
    .execute();
  await tx
    .insertInto('webhook_deliveries')
    .values({
      id: newId('whd'),
      event_id: id,
      merchant_id: merchant.id,
      url: merchant.webhook_url,
      status: 'pending',
      next_attempt_at: sql`now()`,
      locked_until: null,
      last_status: null,
      last_error: null,
      delivered_at: null,
    })
    .execute();
  return id;
}

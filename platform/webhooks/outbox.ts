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
  // The event and its delivery in one statement: one round trip inside the caller's transaction.
  await tx
    .with('event', (db) =>
      db
        .insertInto('webhook_events')
        .values({ id, merchant_id: merchant.id, type, payload: JSON.stringify(data) })
        .returning('id'),
    )
    .insertInto('webhook_deliveries')
    .columns(['id', 'event_id', 'merchant_id', 'url', 'status', 'next_attempt_at'])
    .expression((db) =>
      db
        .selectFrom('event')
        .select((eb) => [
          eb.val(newId('whd')).as('id'),
          'event.id',
          eb.val(merchant.id).as('merchant_id'),
          eb.val(merchant.webhook_url).as('url'),
          eb.val('pending').as('status'),
          sql<Date>`now()`.as('next_attempt_at'),
        ]),
    )
    .execute();
  return id;
}

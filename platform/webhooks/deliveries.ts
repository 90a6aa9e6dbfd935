import { sql, type Selectable } from 'kysely';
import type { DB } from '../db/connect';
import type { WebhookDeliveriesTable } from '../db/schema';
import { deliveryNotFound } from '../refusals';

/** A merchant's webhook deliveries, as the API and the console show them, and resending one. */
type DeliveryRow = Selectable<WebhookDeliveriesTable> & { type: string };

const deliveryView = (d: DeliveryRow) => ({
  id: d.id,
  eventId: d.event_id,
  eventType: d.type,
  url: d.url,
  status: d.status,
  attempts: d.attempts,
  lastStatus: d.last_status,
  lastError: d.last_error,
  nextAttemptAt: new Date(d.next_attempt_at).toISOString(),
  deliveredAt: d.delivered_at ? new Date(d.delivered_at).toISOString() : null,
  createdAt: new Date(d.created_at).toISOString(),
});

const deliveries = (db: DB, merchantId: string) =>
  db
    .selectFrom('webhook_deliveries')
    .innerJoin('webhook_events', 'webhook_events.id', 'webhook_deliveries.event_id')
    .selectAll('webhook_deliveries')
    .select('webhook_events.type')
    .where('webhook_deliveries.merchant_id', '=', merchantId);

export async function listDeliveries(db: DB, merchantId: string) {
  const rows = await deliveries(db, merchantId).orderBy('webhook_deliveries.created_at', 'desc').limit(100).execute();
  return { items: rows.map(deliveryView) };
}

/** The deliveries of one event, or of every event about one payment (each carries the payment it is about). */
export async function eventDeliveries(db: DB, merchantId: string, of: { paymentId: string } | { eventId: string }) {
  const rows = await deliveries(db, merchantId)
    .where(
      'paymentId' in of
        ? sql<boolean>`webhook_events.payload -> 'payment' ->> 'id' = ${of.paymentId}`
        : sql<boolean>`webhook_events.id = ${of.eventId}`,
    )
    .orderBy('webhook_deliveries.created_at')
    .limit(100)
    .execute();
  return rows.map(deliveryView);
}

/** Puts a delivery back in the queue, due now, whatever its state: the merchant asked to see it again. */
export async function resendDelivery(db: DB, merchantId: string, id: string) {
  const updated = await db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt_at: sql`now()`, locked_until: null })
    .where('id', '=', id)
    .where('merchant_id', '=', merchantId)
    .returning('id')
    .executeTakeFirst();
  if (!updated) throw deliveryNotFound();
  return deliveryView(
    await deliveries(db, merchantId).where('webhook_deliveries.id', '=', id).executeTakeFirstOrThrow(),
  );
}

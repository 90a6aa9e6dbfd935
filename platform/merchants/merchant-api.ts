import { sql, type Selectable } from 'kysely';
import type { DB } from '../db/connect';
import type { WebhookDeliveriesTable } from '../db/schema';
import { paymentView } from '../payments/payment-view';
import { ApiError } from '../problem';
import { olderThan, pageOf } from '../paging';

export async function listPayments(db: DB, merchantId: string, limit: number, cursor?: string) {
  let query = db
    .selectFrom('payments')
    .innerJoin('merchants', 'merchants.id', 'payments.merchant_id')
    .selectAll('payments')
    .select('merchants.name as merchant_name')
    .where('payments.merchant_id', '=', merchantId);
  if (cursor) query = query.where(olderThan(cursor, 'payments.created_at', 'payments.id'));
  const rows = await query
    .orderBy('payments.created_at', 'desc')
    .orderBy('payments.id', 'desc')
    .limit(limit + 1)
    .execute();
  const { page, nextCursor } = pageOf(rows, limit);
  return { items: page.map((row) => paymentView(row, row.merchant_name)), nextCursor };
}

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

/** Puts a delivery back in the queue, due now, whatever its state: the merchant asked to see it again. */
export async function resendDelivery(db: DB, merchantId: string, id: string) {
  const updated = await db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt_at: sql`now()`, locked_until: null })
    .where('id', '=', id)
    .where('merchant_id', '=', merchantId)
    .returning('id')
    .executeTakeFirst();
  if (!updated)
    throw new ApiError(404, 'delivery_not_found', 'This merchant has no webhook delivery with that id.', [
      { field: 'id', expected: "the id of one of this merchant's deliveries" },
    ]);
  return deliveryView(
    await deliveries(db, merchantId).where('webhook_deliveries.id', '=', id).executeTakeFirstOrThrow(),
  );
}

import type { Platform } from '../context';
import { rateLimit } from '../rate-limit';
import { enqueueEvent } from './outbox';
import { eventDeliveries } from './deliveries';

/** Test events a shop may send itself in an hour: enough to debug an endpoint, not to flood it. */
export const TEST_EVENTS_PER_HOUR = 30;

/**
 * Queues a `webhook.test` event for the shop's webhook URL, signed and retried like any other, so a
 * shop can check that its endpoint answers and verifies signatures without a shopper paying. Its type
 * says it is a test; it carries no payment, so no handler can mistake it for money.
 */
export async function sendTestEvent(p: Platform, merchantId: string) {
  await rateLimit(p.db, `webhook-tests:${merchantId}`, TEST_EVENTS_PER_HOUR, p.now());
  const eventId = await p.db.transaction().execute(async (tx) => {
    const merchant = await tx
      .selectFrom('merchants')
      .select(['id', 'webhook_url'])
      .where('id', '=', merchantId)
      .executeTakeFirstOrThrow();
    return enqueueEvent(tx, merchant, 'webhook.test', {
      test: true,
      message: 'A test event from Pouch. Answer 2xx once its signature checks out.',
    });
  });
  // Read as queued, before the worker is woken to send it.
  const [delivery] = await eventDeliveries(p.db, merchantId, { eventId });
  p.kickWebhooks();
  return delivery!;
}

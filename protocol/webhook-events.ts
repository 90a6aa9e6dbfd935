import { z } from 'zod';
import {
  AgreementViewSchema,
  OrderMessageSchema,
  PaymentViewSchema,
  PayoutViewSchema,
  RefundResultSchema,
} from './api';
import { SharedDetailsSchema } from './sharing';
import type { WebhookEvent } from './webhook';

/**
 * What each webhook event's `data` holds: the shapes SPEC §6 lists, as schemas, so the API reference
 * lists every event under its `webhooks` and the tests hold real deliveries to them.
 */
export const WEBHOOK_EVENT_DATA = {
  /** `shared`: what the shopper chose to share with this payment, when the tag asked (SPEC §3). */
  'payment.succeeded': z.object({
    payment: PaymentViewSchema,
    receipt: z.string(),
    shared: SharedDetailsSchema.optional(),
  }),
  'payment.refunded': RefundResultSchema,
  'payment.released': z.object({ payment: PaymentViewSchema, reason: z.enum(['confirmed', 'timeout']) }),
  'payment.refund_requested': z.object({ payment: PaymentViewSchema, reason: z.string() }),
  /** `message`: the shop's words to the buyer, when it gave some. */
  'payment.refund_declined': z.object({ payment: PaymentViewSchema, message: z.string().optional() }),
  /** `message`: the shopper's line; answer with POST /v1/merchant/payments/{id}/messages. */
  'payment.message_received': z.object({ payment: PaymentViewSchema, message: OrderMessageSchema }),
  'agreement.created': z.object({ agreement: AgreementViewSchema }),
  'agreement.cancelled': z.object({ agreement: AgreementViewSchema }),
  'payout.paid': z.object({ payout: PayoutViewSchema }),
  'merchant.origin_lost': z.object({ origin: z.string(), lostAt: z.string() }),
  'merchant.bank_account_changed': z.object({
    holder: z.string(),
    last4: z.string(),
    previousLast4: z.string(),
    payoutsHeldUntil: z.string().nullable(),
  }),
  'webhook.test': z.object({ test: z.literal(true), message: z.string() }),
} satisfies Record<WebhookEvent['type'], z.ZodType>;

/** The whole body of one event type, as Pouch posts it. */
export const webhookEventSchema = (type: WebhookEvent['type']) =>
  z.object({ id: z.string(), type: z.literal(type), createdAt: z.string(), data: WEBHOOK_EVENT_DATA[type] });

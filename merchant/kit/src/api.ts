import createClient from 'openapi-fetch';
import type { z } from 'zod';
import type { AgreementView, Conversation, OriginViewSchema, PaymentView } from '../../../protocol/api';
import type { paths } from '../../../protocol/platform-api';

type OriginView = z.infer<typeof OriginViewSchema>;

/** A refusal from the platform: its HTTP status, its stable problem code and its words. */
export class PouchApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    readonly detail: string | undefined,
  ) {
    super(detail ?? `HTTP ${status}`);
  }
}

/** The success's body, or the platform's refusal thrown as a PouchApiError. */
async function answer<T>(reply: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await reply;
  if (response.ok) return data as T;
  const problem = (error ?? {}) as { code?: string; detail?: string };
  throw new PouchApiError(response.status, problem.code, problem.detail);
}

/**
 * A small client of the merchant API — payments, refunds, escrow answers, agreements, shoppers' messages and origins — typed by the platform's own
 * OpenAPI document (protocol/platform-api.ts). Errors throw with the platform's problem code.
 */
export function merchantApi(platformUrl: string, apiKey: string) {
  const api = createClient<paths>({ baseUrl: platformUrl, headers: { authorization: `Bearer ${apiKey}` } });
  const id = (value: string) => ({ path: { id: value } });
  return {
    listPayments: (
      query: { limit?: number; cursor?: string } = {},
    ): Promise<{ items: PaymentView[]; nextCursor: string | null }> =>
      answer(api.GET('/v1/merchant/payments', { params: { query } })),
    getPayment: (paymentId: string): Promise<PaymentView> =>
      answer(api.GET('/v1/merchant/payments/{id}', { params: id(paymentId) })),
    /** Full refund unless `amount` (minor units) says otherwise. Reuse the idempotency key when retrying. */
    refund: (
      paymentId: string,
      idempotencyKey: string,
      body: { amount?: number; reason?: string } = {},
    ): Promise<{ refund: { id: string }; payment: PaymentView }> =>
      answer(
        api.POST('/v1/merchant/payments/{id}/refunds', {
          params: { ...id(paymentId), header: { 'idempotency-key': idempotencyKey } },
          body,
        }),
      ),
    /** Escrow: declines the buyer's refund request, saying why in `message` (the buyer reads it). Accept by refunding. */
    declineRefundRequest: (paymentId: string, message?: string): Promise<PaymentView> =>
      answer(
        api.POST('/v1/merchant/payments/{id}/refund-request/decline', {
          params: id(paymentId),
          body: message ? { message } : {},
        }),
      ),
    /** Your agreements, newest first, a page at a time; `state` keeps only active, cancelled or ended ones. */
    listAgreements: (
      query: { limit?: number; cursor?: string; state?: AgreementView['state'] } = {},
    ): Promise<{ items: AgreementView[]; nextCursor: string | null }> =>
      answer(api.GET('/v1/merchant/agreements', { params: { query } })),
    /** A password-free agreement a shopper accepted (the `agreement.created` webhook): its terms and this period's use. */
    getAgreement: (agreementId: string): Promise<AgreementView> =>
      answer(api.GET('/v1/merchant/agreements/{id}', { params: id(agreementId) })),
    /**
     * Charges the shopper's Pouch balance under an agreement: a payment for `orderId`, within what is left
     * of the period's cap. Reuse the idempotency key when retrying; the payment's webhook follows.
     */
    chargeAgreement: (
      agreementId: string,
      idempotencyKey: string,
      body: { orderId: string; amount: number; label?: string },
    ): Promise<{ payment: PaymentView; receipt: string }> =>
      answer(
        api.POST('/v1/merchant/agreements/{id}/charges', {
          params: { ...id(agreementId), header: { 'idempotency-key': idempotencyKey } },
          body,
        }),
      ),
    /** Ends an agreement from the shop's side (the membership stopped): nothing more can be charged. */
    cancelAgreement: (agreementId: string): Promise<AgreementView> =>
      answer(api.POST('/v1/merchant/agreements/{id}/cancel', { params: id(agreementId) })),
    /** What the shopper wrote about a payment's order (the `payment.message_received` webhook), and your answers. */
    conversation: (paymentId: string): Promise<Conversation> =>
      answer(api.GET('/v1/merchant/payments/{id}/messages', { params: id(paymentId) })),
    /** Answers the shopper who wrote about a payment (plain text, ≤ 1,000 characters); they read it in their wallet. */
    answerShopper: (paymentId: string, text: string): Promise<Conversation> =>
      answer(api.POST('/v1/merchant/payments/{id}/messages', { params: id(paymentId), body: { text } })),
    /** Sends a signed `webhook.test` event to your webhook URL, to check your endpoint; the delivery as queued. */
    sendTestEvent: () => answer(api.POST('/v1/merchant/webhooks/test')),
    /** Your origins, pending or verified, each with the file it must serve. */
    listOrigins: (): Promise<{ items: OriginView[] }> => answer(api.GET('/v1/merchant/origins')),
    /** Asks Pouch to fetch ORIGIN/.well-known/pouch-merchant.json now; throws with the reason if it does not match. */
    verifyOrigin: (origin: string): Promise<OriginView> =>
      answer(api.POST('/v1/merchant/origins/verify', { body: { origin } })),
  };
}

/**
 * The body to serve at `ORIGIN/.well-known/pouch-merchant.json` (content-type application/json), so
 * Pouch can verify that you control the origin: serve it, then call `verifyOrigin(origin)`.
 */
export async function originVerificationBody(api: ReturnType<typeof merchantApi>, origin: string): Promise<string> {
  const found = (await api.listOrigins()).items.find((o) => o.origin === origin);
  if (!found) throw new Error(`${origin} is not one of this shop's origins; add it in the console first`);
  return JSON.stringify(found.verificationFile);
}

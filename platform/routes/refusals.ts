import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ProblemSchema } from '../../protocol/api';
import { ApiError, invalid, problemBody } from '../problem';

/** A refusal an operation documents in the API reference, with its example problem body. */
export type Refusal = ApiError;

const refusal = (status: ContentfulStatusCode, code: string, detail: string, field?: [string, string]) =>
  new ApiError(status, code, detail, field && [{ field: field[0], expected: field[1] }]);

/** What every operation may answer, shown with an example each. */
export const COMMON = {
  invalid: invalid([{ field: 'amount.amount', expected: 'a positive count of minor units' }]),
  unauthenticated: refusal(401, 'unauthenticated', 'Send the merchant API key as "Authorization: Bearer sk_…".'),
  internal: refusal(500, 'internal', 'Something went wrong on our side; nothing was changed.'),
};

export const IDEMPOTENCY = [
  refusal(400, 'idempotency_key_required', 'Send an Idempotency-Key header: 8 to 200 visible ASCII characters.', [
    'Idempotency-Key',
    '8 to 200 visible ASCII characters',
  ]),
  refusal(409, 'idempotency_key_reused', 'This Idempotency-Key was used with a different request body.', [
    'Idempotency-Key',
    'a new key for a different request',
  ]),
  refusal(
    409,
    'idempotency_key_in_use',
    'A request with this Idempotency-Key is still being processed; retry in a moment.',
  ),
];

export const RATE_LIMITED = refusal(429, 'rate_limited', 'Too many requests; try again in 42 s.');

export const PAYMENT_REFUSALS = [
  refusal(402, 'insufficient_balance', 'The balance is too low for this amount.'),
  refusal(402, 'card_declined', 'The card was declined.'),
  refusal(403, 'pin_required', 'This amount is above the password-free limit: the payment PIN is required.', [
    'pin',
    'the 6-digit payment PIN',
  ]),
  refusal(409, 'tag_reused', 'This checkout tag was already paid: reload the checkout page for a new one.', [
    'tag.payload.jti',
    'a tag that has not been used',
  ]),
  refusal(409, 'order_already_paid', 'This order is already paid: the shop has its money, nothing was charged again.', [
    'tag.payload.orderId',
    'an order with no standing payment',
  ]),
  refusal(422, 'tag_expired', 'The checkout tag has expired: reload the checkout page.', [
    'tag.payload.exp',
    'a time in the future',
  ]),
  refusal(422, 'tag_bad_signature', 'The checkout tag was changed after the shop signed it.', [
    'tag',
    'a tag signed by the merchant',
  ]),
  refusal(422, 'origin_unverified', 'Tea Shop has not proven that it controls https://shop.example.', [
    'tag.payload.origin',
    'an origin Tea Shop has verified',
  ]),
  refusal(423, 'pin_locked', 'Too many wrong PINs: try again in 15 minutes.'),
  refusal(504, 'card_network_timeout', 'The card network did not answer in time; nothing was charged.'),
  ...IDEMPOTENCY,
  RATE_LIMITED,
];

export const REFUND_REFUSALS = [
  refusal(404, 'payment_not_found', 'This merchant has no payment with that id.', [
    'id',
    "the id of one of this merchant's payments",
  ]),
  refusal(409, 'already_refunded', 'This payment is already fully refunded.'),
  refusal(409, 'refund_exceeds_payment', 'At most 300 minor units remain to refund.', ['amount', 'at most 300']),
  refusal(409, 'merchant_balance_insufficient', 'Your Pouch balance cannot cover this refund yet.'),
  ...IDEMPOTENCY,
];

export const ORIGIN_REFUSALS = [
  refusal(404, 'origin_not_found', 'https://shop.example is not one of your origins.', [
    'origin',
    'one of your origins',
  ]),
  refusal(
    422,
    'origin_verification_failed',
    'https://shop.example/.well-known/pouch-merchant.json answered 404, not the verification file.',
    ['origin', 'an origin serving its verification file'],
  ),
];

/** The OpenAPI responses for a set of refusals: one per status, an example per code. */
export function refusalResponses(refusals: Refusal[]) {
  const byStatus = new Map<number, Refusal[]>();
  for (const r of refusals) byStatus.set(r.status, [...(byStatus.get(r.status) ?? []), r]);
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      status,
      {
        description: list.map((r) => `\`${r.code}\``).join(', '),
        content: {
          'application/problem+json': {
            schema: ProblemSchema,
            examples: Object.fromEntries(list.map((r) => [r.code, { summary: r.detail, value: problemBody(r) }])),
          },
        },
      },
    ]),
  );
}

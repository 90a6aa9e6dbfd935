import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ProblemSchema } from '../../protocol/api';
import { keyExpired, keyInUse, keyRequired, keyReused } from '../idempotency';
import { InsufficientFunds } from '../ledger/ledger';
import { orderPaid, tagReused } from '../payments/pay';
import { ApiError, problemBody, TryAgain } from '../problem';
import { RateLimited } from '../rate-limit';
import { pinRequiredError } from '../wallets/pin';

/** A refusal an operation documents in the API reference, with its example problem body. */
export type Refusal = ApiError;

export const refusal = (status: ContentfulStatusCode, code: string, detail: string, field?: [string, string]) =>
  new ApiError(status, code, detail, field && [{ field: field[0], expected: field[1] }]);

/** What every operation may answer, shown with an example each (and its own 400: define.ts). */
export const COMMON = {
  internal: refusal(500, 'internal', 'Something went wrong on our side; nothing was changed.'),
  tryAgain: new TryAgain(),
};

/** What each kind of authentication refuses, on every operation that takes it. */
export const AUTH_REFUSALS = {
  wallet: [
    refusal(401, 'unauthenticated', 'Send the wallet session token as "Authorization: Bearer …".'),
    refusal(
      401,
      'session_expired',
      'The session is unknown, ended (the wallet locked) or expired: unlock with the device key and the PIN.',
    ),
  ],
  merchant: [
    refusal(401, 'unauthenticated', 'Send the merchant API key as "Authorization: Bearer sk_…".'),
    refusal(401, 'bad_api_key', 'The API key is not valid.'),
  ],
};

/** The refusals below are the platform's own errors where it has a maker for them, so their words cannot drift. */
export const IDEMPOTENCY = [keyRequired(), keyReused(), keyInUse(), keyExpired()];

export const RATE_LIMITED = new RateLimited(42);

const PIN_INCORRECT = refusal(403, 'pin_incorrect', 'The PIN is incorrect; 4 tries left before it locks.', [
  'pin',
  'the correct payment PIN',
]);
const PIN_LOCKED = refusal(423, 'pin_locked', 'Too many wrong PINs: PIN use is locked for 15 more minutes.');
const RECOVERY_CODE = 'the recovery code shown when the wallet was made (or last renewed)';

/** What checking a PIN given in the request may refuse. */
export const PIN_CHECK = [PIN_INCORRECT, PIN_LOCKED];

/** What a step-up (the PIN, or one this session proved in the last five minutes) may refuse. */
export const STEP_UP = [
  refusal(403, 'pin_required', 'Adding a card needs the payment PIN.', [
    'pin',
    'the 6-digit payment PIN (or one entered in this session in the last 5 minutes)',
  ]),
  ...PIN_CHECK,
];

export const SESSION_REFUSALS = [
  refusal(401, 'challenge_invalid', 'The challenge is unknown, used or expired: ask for a new one.', [
    'challenge',
    'a fresh challenge for this wallet',
  ]),
  refusal(401, 'signature_invalid', "The signature matches none of the wallet's devices.", [
    'signature',
    'an ES256 signature of the challenge by a device key of this wallet',
  ]),
  ...PIN_CHECK,
];

export const RECOVERY_REFUSALS = [
  refusal(404, 'recovery_code_unknown', 'No wallet has this recovery code.', ['recoveryCode', RECOVERY_CODE]),
  refusal(403, 'recovery_code_incorrect', 'The recovery code is incorrect; 4 tries left before it locks.', [
    'recoveryCode',
    RECOVERY_CODE,
  ]),
  ...PIN_CHECK,
];

export const notFound = (code: string, what: string, field = 'id') =>
  refusal(404, code, `No ${what} has this id.`, [field, `the id of one of your ${what}s`]);

export const PAYMENT_REFUSALS = [
  new InsufficientFunds('wallet'),
  refusal(402, 'card_declined', 'The card was declined.'),
  pinRequiredError(),
  tagReused(),
  orderPaid(),
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
  refusal(422, 'tag_malformed', 'The checkout tag is not a compact JWS.', [
    'tag',
    'a compact JWS: header.payload.signature',
  ]),
  refusal(422, 'tag_invalid', 'The checkout tag payload is not valid.', [
    'tag.payload.mode',
    'Invalid option: expected one of "direct"|"escrow" (it is missing)',
  ]),
  refusal(422, 'tag_unknown_key', 'No Pouch partner has the key id "m_1.k".', [
    'tag.header.kid',
    'the key id of a registered merchant key',
  ]),
  refusal(422, 'tag_wrong_issuer', 'The tag names another merchant than the one who owns its key.', [
    'tag.payload.iss',
    '"m_1"',
  ]),
  refusal(422, 'tag_not_yet_valid', 'The checkout tag is issued in the future.', [
    'tag.payload.iat',
    'a time not after now',
  ]),
  ...PIN_CHECK,
  refusal(504, 'card_network_timeout', 'The card network did not answer in time; nothing was charged.'),
  ...IDEMPOTENCY,
  RATE_LIMITED,
];

export const ESCROW_REFUSALS = [
  refusal(404, 'payment_not_found', 'This wallet has no payment with that id.', [
    'id',
    "the id of one of this wallet's payments",
  ]),
  refusal(409, 'not_escrow', 'This payment is not held in escrow.'),
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

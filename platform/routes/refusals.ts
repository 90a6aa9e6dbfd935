import { ProblemSchema } from '../../protocol/api';
import { CheckoutTagRefused } from '../../protocol/verify-checkout-tag';
import type { ApiError } from '../api-error';
import { problemBody } from '../problem';
import * as refuse from '../refusals';

/**
 * The refusals each operation documents, as examples made by the same factories the handlers throw
 * through (platform/refusals.ts): the reference shows the words a client will read. An operation that
 * refuses with a code it does not list here is caught by ./contract.ts.
 */

/** What every operation may answer (and its own 400: define.ts). */
export const COMMON = { internal: refuse.internal(), tryAgain: refuse.tryAgain() };

/** What each kind of authentication refuses, on every operation that takes it. */
export const AUTH_REFUSALS = {
  wallet: [refuse.walletUnauthenticated(), refuse.sessionExpired()],
  merchant: [refuse.merchantUnauthenticated(), refuse.badApiKey()],
};

/** What an operation taking an Idempotency-Key may refuse. */
export const IDEMPOTENCY = [refuse.keyRequired(), refuse.keyReused(), refuse.keyInUse(), refuse.keyExpired()];

export const RATE_LIMITED = refuse.rateLimited(42);

/** What checking a PIN given in the request may refuse. */
export const PIN_CHECK = [refuse.pinIncorrect(4), refuse.pinLocked(15)];

/** What a step-up (the PIN, or one this session proved in the last five minutes) may refuse. */
export const STEP_UP = [refuse.stepUpRequired('Adding a card'), ...PIN_CHECK];

export const SESSION_REFUSALS = [
  refuse.challengeInvalid(),
  refuse.signatureInvalid(),
  refuse.deviceRevokedWhileUnlocking(),
  refuse.passkeyInvalid(),
  ...PIN_CHECK,
];

export const PIN_RESET_REFUSALS = [
  refuse.challengeInvalid(),
  refuse.signatureInvalid(),
  refuse.deviceRevokedWhileUnlocking(),
  refuse.recoveryCodeIncorrect(4),
  refuse.pinLocked(15),
];

export const RECOVERY_REFUSALS = [refuse.recoveryCodeUnknown(), refuse.recoveryCodeIncorrect(4), ...PIN_CHECK];

const tag = (code: CheckoutTagRefused['code'], message: string, field: string, expected: string) =>
  refuse.tagRefused(new CheckoutTagRefused(code, message, [{ field, expected }]));

/** Every refusal of the shared tag check the platform can send (`tag_wrong_origin` is the extension's alone). */
export const TAG_REFUSED = [
  tag(
    'tag_expired',
    'The checkout tag has expired: reload the checkout page.',
    'tag.payload.exp',
    'a time in the future',
  ),
  tag(
    'tag_bad_signature',
    'The checkout tag was changed after the shop signed it.',
    'tag',
    'a tag signed by the merchant',
  ),
  tag(
    'origin_unverified',
    'Tea Shop has not proven that it controls https://shop.example.',
    'tag.payload.origin',
    'an origin Tea Shop has verified',
  ),
  tag('tag_malformed', 'The checkout tag is not a compact JWS.', 'tag', 'a compact JWS: header.payload.signature'),
  tag(
    'tag_invalid',
    'The checkout tag payload is not valid.',
    'tag.payload.mode',
    'Invalid option: expected one of "direct"|"escrow" (it is missing)',
  ),
  tag(
    'tag_unknown_key',
    'No Pouch partner has the key id "m_1.k".',
    'tag.header.kid',
    'the key id of a registered merchant key',
  ),
  tag('tag_wrong_issuer', 'The tag names another merchant than the one who owns its key.', 'tag.payload.iss', '"m_1"'),
  tag('tag_not_yet_valid', 'The checkout tag is issued in the future.', 'tag.payload.iat', 'a time not after now'),
];

/** What adding a card may refuse: the network's verdict on the card (a bad number is a 400). */
export const CARD_REFUSALS = [
  refuse.cardNotAccepted('card_declined', 'The card was declined: card declined.'),
  refuse.cardNotAccepted('expired_card', 'The card was declined: expired card.'),
  refuse.cardNotAccepted('incorrect_cvc', 'The card was declined: incorrect cvc.'),
];

/** What charging one of the wallet's cards may refuse (a payment or a top-up). */
export const CHARGE_REFUSALS = [
  refuse.cardNotFound(),
  refuse.chargeDeclined('card_declined', 'The card was declined: card declined.'),
  refuse.chargeDeclined('insufficient_funds', 'The card was declined: insufficient funds.'),
  refuse.cardNetworkTimeout(),
];

export const PAYMENT_REFUSALS = [
  new refuse.InsufficientFunds('wallet'),
  ...CHARGE_REFUSALS,
  refuse.pinRequired('above_limit'),
  ...PIN_CHECK,
  refuse.tagReused(),
  refuse.orderPaid(),
  ...TAG_REFUSED,
  refuse.couponNotFound(),
  refuse.couponForAnotherShop(),
  refuse.couponNotAvailable('expired'),
  refuse.couponUsed(),
  refuse.pointsNotRedeemable(),
  refuse.pointsExceedLimit(120, 300),
  RATE_LIMITED,
];

export const ESCROW_REFUSALS = [
  refuse.escrowPaymentNotFound(),
  refuse.notEscrow(),
  refuse.escrowIs('released', 'held'),
];

export const REFUND_REFUSALS = [
  refuse.merchantPaymentNotFound(),
  refuse.alreadyRefunded(),
  refuse.refundExceedsPayment(300),
  refuse.merchantBalanceInsufficient(),
];

export const ORIGIN_REFUSALS = [
  refuse.originNotFound('https://shop.example'),
  refuse.originVerificationFailed(
    'https://shop.example',
    'https://shop.example/.well-known/pouch-merchant.json answered 404, not the verification file',
    'https://shop.example/.well-known/pouch-merchant.json serving {"merchantId":"m_1","token":"…"}',
  ),
];

/** One example per refusal, named by its code (a second with the same code gets `_2`). */
function examplesOf(refusals: ApiError[]) {
  const examples: Record<string, { summary: string; value: ReturnType<typeof problemBody> }> = {};
  for (const r of refusals) {
    let name: string = r.code;
    for (let n = 2; name in examples; n++) name = `${r.code}_${n}`;
    examples[name] = { summary: r.detail, value: problemBody(r) };
  }
  return examples;
}

/** The OpenAPI responses for a set of refusals: one per status, an example per code. */
export function refusalResponses(refusals: ApiError[]) {
  const byStatus = new Map<number, ApiError[]>();
  for (const r of refusals) byStatus.set(r.status, [...(byStatus.get(r.status) ?? []), r]);
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      status,
      {
        description: [...new Set(list.map((r) => `\`${r.code}\``))].join(', '),
        content: {
          'application/problem+json': {
            schema: ProblemSchema,
            examples: examplesOf(list),
          },
        },
      },
    ]),
  );
}

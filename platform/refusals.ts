import type { FieldIssue } from '../protocol/field-issues';
import type { PinReason } from '../protocol/pin-rule';
import type { CheckoutTagRefused } from '../protocol/verify-checkout-tag';
import { ApiError } from './api-error';
import type { DeclineReason } from './cards/network';

/**
 * Every refusal the platform answers with, one factory each: handlers throw through these, and the API
 * reference's examples call them (platform/routes/refusals.ts), so the words a client reads and the
 * words the reference shows are the same. Codes come from protocol/refusal-codes.ts.
 */

const at = (field: string, expected: string): FieldIssue[] => [{ field, expected }];

// --- Any request -------------------------------------------------------------------------------------

export const invalidRequest = (issues: FieldIssue[], detail = 'The request has invalid fields.') =>
  new ApiError(400, 'invalid_request', detail, issues);

export const bodyNotJson = () =>
  invalidRequest(at('(body)', 'a JSON body with content-type: application/json'), 'The body must be JSON.');

export const bodyMalformed = () =>
  invalidRequest(at('(body)', 'a well-formed JSON document'), 'The body is not valid JSON.');

export const bodyNotPlainText = (issues: FieldIssue[]) =>
  invalidRequest(issues, 'The body has fields that are not plain text.');

export const formNotPlainText = (issues: FieldIssue[]) =>
  invalidRequest(issues, 'The form has fields that are not plain text.');

export const addressNotPlainText = (issues: FieldIssue[]) =>
  invalidRequest(issues, 'The address has parts that are not plain text.');

export const pathMalformed = () =>
  invalidRequest(at('(path)', 'a well-formed percent-encoded path'), 'The path is malformed.');

export const queryInvalid = (issues: FieldIssue[]) =>
  invalidRequest(issues, 'The query string has invalid parameters.');

export const pathInvalid = (issues: FieldIssue[]) => invalidRequest(issues, 'The path has invalid parameters.');

export const cursorInvalid = () =>
  invalidRequest(at('cursor', 'the nextCursor of an earlier page'), 'The cursor is not one this platform gave out.');

export const routeNotFound = (method: string, path: string) =>
  new ApiError(404, 'not_found', `No route for ${method} ${path}.`);

/** A 429 that says when to come back (the Retry-After header). */
export const rateLimited = (retryAfterS: number) =>
  new ApiError(429, 'rate_limited', `Too many requests; try again in ${retryAfterS} s.`, undefined, {
    retryAfterS,
    facts: { retryAfterSeconds: retryAfterS },
  });

export const internal = () =>
  new ApiError(500, 'internal', 'The platform could not complete the request; nothing was changed.');

/**
 * A passing fault (a lost database connection, a serialization failure, a charge voided under the
 * request): nothing was done that a retry with the same Idempotency-Key will not finish. 503 with
 * Retry-After, so clients keep their pending record and try again.
 */
export const tryAgain = (
  detail = 'The platform could not finish this request just now. Send it again, with the same Idempotency-Key if it has one: it is done once.',
) => new ApiError(503, 'try_again', detail, undefined, { retryAfterS: 1 });

// --- Who is asking ------------------------------------------------------------------------------------

export const walletUnauthenticated = () =>
  new ApiError(401, 'unauthenticated', 'Send the wallet session token as "Authorization: Bearer …".');

export const sessionExpired = () =>
  new ApiError(
    401,
    'session_expired',
    'The session is unknown, ended (the wallet locked) or expired: unlock with the device key and the PIN.',
  );

export const merchantUnauthenticated = () =>
  new ApiError(401, 'unauthenticated', 'Send the merchant API key as "Authorization: Bearer sk_…".');

export const badApiKey = () => new ApiError(401, 'bad_api_key', 'The API key is not valid.');

// --- Idempotency-Key ----------------------------------------------------------------------------------

export const keyRequired = () =>
  new ApiError(
    400,
    'idempotency_key_required',
    'Send an Idempotency-Key header: 8 to 200 visible ASCII characters, unique per operation.',
    at('Idempotency-Key', '8 to 200 visible ASCII characters'),
  );

export const keyReused = () =>
  new ApiError(
    409,
    'idempotency_key_reused',
    'This Idempotency-Key was used with a different request body.',
    at('Idempotency-Key', 'a new key for a different request'),
  );

export const keyInUse = (detail = 'A request with this Idempotency-Key is still being processed; retry in a moment.') =>
  new ApiError(409, 'idempotency_key_in_use', detail);

/** A key whose stored reply was purged (24 hours on) but whose charge stands: it cannot be a new request. */
export const keyExpired = () =>
  new ApiError(
    409,
    'idempotency_key_expired',
    'This Idempotency-Key was used more than 24 hours ago and its reply is no longer kept: send a new key.',
    at('Idempotency-Key', 'a new key for a new request'),
  );

// --- Wallets, devices, the PIN and the recovery code --------------------------------------------------

const RECOVERY_CODE = 'the recovery code shown when the wallet was made (or last renewed)';
const DEVICE_SIGNATURE = 'an ES256 signature of the challenge by a device key of this wallet';

export const walletNotFound = () =>
  new ApiError(404, 'wallet_not_found', 'No wallet has this id.', at('walletId', 'the id of an existing wallet'));

export const challengeInvalid = () =>
  new ApiError(
    401,
    'challenge_invalid',
    'The challenge is unknown, used or expired: ask for a new one.',
    at('challenge', 'a fresh challenge for this wallet'),
  );

export const signatureInvalid = () =>
  new ApiError(
    401,
    'signature_invalid',
    "The signature matches none of the wallet's devices.",
    at('signature', DEVICE_SIGNATURE),
  );

export const deviceRevokedWhileUnlocking = () =>
  new ApiError(
    401,
    'signature_invalid',
    'This device was removed from the wallet while it was unlocking.',
    at('signature', DEVICE_SIGNATURE),
  );

/** Why a payment needs the PIN, by the shared rule's reason (protocol/pin-rule.ts). */
const PIN_WHY: Record<PinReason, string> = {
  currency: 'This payment is in another currency than your password-free limit',
  above_limit: 'This amount is above the password-free limit',
  daily_total: "Today's password-free payments have reached your daily total",
};

/** A payment past a password-free limit came without the PIN. */
export const pinRequired = (reason: PinReason = 'above_limit') =>
  new ApiError(
    403,
    'pin_required',
    `${PIN_WHY[reason]}: the payment PIN is required.`,
    at('pin', 'the 6-digit payment PIN'),
  );

/** A step-up (`what` raises risk) came without the PIN, and none was proved in this session lately. */
export const stepUpRequired = (what: string) =>
  new ApiError(
    403,
    'pin_required',
    `${what} needs the payment PIN.`,
    at('pin', 'the 6-digit payment PIN (or one entered in this session in the last 5 minutes)'),
  );

export const pinIncorrect = (triesLeft: number) =>
  new ApiError(
    403,
    'pin_incorrect',
    `The PIN is incorrect; ${triesLeft} tries left before it locks.`,
    at('pin', 'the correct payment PIN'),
    { facts: { triesLeft } },
  );

export const recoveryCodeIncorrect = (triesLeft: number) =>
  new ApiError(
    403,
    'recovery_code_incorrect',
    `The recovery code is incorrect; ${triesLeft} tries left before it locks.`,
    at('recoveryCode', RECOVERY_CODE),
    { facts: { triesLeft } },
  );

export const pinLocked = (minutes: number) =>
  new ApiError(423, 'pin_locked', `Too many wrong PINs: PIN use is locked for ${minutes} more minutes.`, undefined, {
    facts: { minutes },
  });

export const recoveryCodeUnknown = () =>
  new ApiError(404, 'recovery_code_unknown', 'No wallet has this recovery code.', at('recoveryCode', RECOVERY_CODE));

export const linkCodeInvalid = () =>
  new ApiError(
    404,
    'link_code_invalid',
    'The link code is unknown, used or expired: show a new one.',
    at('linkCode', 'the code the other device shows (valid 10 minutes, once)'),
  );

export const deviceCurrent = () =>
  new ApiError(
    409,
    'device_current',
    'This is the device the request comes from: lock it instead.',
    at('id', "another of this wallet's devices"),
  );

export const deviceNotFound = () =>
  new ApiError(
    404,
    'device_not_found',
    'This wallet has no such device (or it is already revoked).',
    at('id', "the id of one of this wallet's devices"),
  );

export const noWithdrawalAccount = () =>
  new ApiError(
    409,
    'no_withdrawal_account',
    'Set the bank account withdrawals go to first.',
    at('account', 'a withdrawal account (PUT /v1/wallet/withdrawal-account)'),
  );

export const withdrawalAboveBalance = () =>
  new ApiError(
    409,
    'insufficient_balance',
    'The balance is lower than this withdrawal.',
    at('amount.amount', 'at most the balance'),
  );

export const amountNotPositive = (what: 'top-up' | 'withdrawal') =>
  invalidRequest(at('amount.amount', 'a positive count of minor units'), `A ${what} needs a positive amount.`);

/** The ledger refused a debit that would take an account below zero (platform/ledger/ledger.ts). */
export class InsufficientFunds extends ApiError {
  constructor(readonly accountId: string) {
    super(402, 'insufficient_balance', 'The balance is too low for this amount.');
  }
}

// --- Cards --------------------------------------------------------------------------------------------

export const cardNumberInvalid = (expected: string) =>
  invalidRequest(at('number', expected), 'The card number is not valid.');

/** The network would not take the card when it was added; the field says which part it refused. */
export const cardNotAccepted = (reason: DeclineReason, message: string) =>
  reason === 'expired_card' || reason === 'incorrect_cvc'
    ? new ApiError(
        402,
        reason,
        message,
        at(reason === 'expired_card' ? 'expYear' : 'cvc', 'a card the network accepts'),
      )
    : new ApiError(402, 'card_declined', message, at('number', 'a card the network accepts'));

export const cardNotFound = (field = 'cardToken') =>
  new ApiError(
    404,
    'card_not_found',
    'This wallet has no card with that token.',
    at(field, "the token of one of this wallet's cards"),
  );

/** The network declined a charge. */
export const chargeDeclined = (reason: DeclineReason, message: string) =>
  new ApiError(402, reason === 'insufficient_funds' ? 'card_insufficient_funds' : 'card_declined', message);

export const cardNetworkTimeout = (message = 'The card network did not answer in time; the card was not charged.') =>
  new ApiError(504, 'card_network_timeout', message);

/**
 * A capture whose charge is no longer pending (the database's guard, migration 0018): the sweeper
 * voided it as abandoned while the request ran. Nothing was taken; the same key retried charges the
 * card again under a new attempt and settles the payment once.
 */
export const chargeCancelled = () =>
  tryAgain('The card charge took too long and was cancelled; nothing was taken from the card. Try again in a moment.');

// --- Checkout tags and payments -----------------------------------------------------------------------

/** The shared tag check (protocol/verify-checkout-tag.ts) refused the tag. */
export const tagRefused = (refused: CheckoutTagRefused) => {
  if (refused.code === 'tag_wrong_origin') throw new Error('invariant: the platform checks no page origin');
  return new ApiError(422, refused.code, refused.message, refused.issues);
};

export const tagReused = () =>
  new ApiError(
    409,
    'tag_reused',
    'This checkout tag was already paid: reload the checkout page for a new one.',
    at('tag.payload.jti', 'a tag that has not been used'),
  );

export const orderPaid = () =>
  new ApiError(
    409,
    'order_already_paid',
    'This order is already paid: the shop has its money, nothing was charged again.',
    at('tag.payload.orderId', 'an order with no standing payment'),
  );

export const merchantPaymentNotFound = () =>
  new ApiError(
    404,
    'payment_not_found',
    'This merchant has no payment with that id.',
    at('id', "the id of one of this merchant's payments"),
  );

export const alreadyRefunded = () => new ApiError(409, 'already_refunded', 'This payment is already fully refunded.');

export const refundExceedsPayment = (remaining: number) =>
  new ApiError(
    409,
    'refund_exceeds_payment',
    `At most ${remaining} minor units remain to refund.`,
    at('amount', `at most ${remaining}`),
    { facts: { remaining } },
  );

export const merchantBalanceInsufficient = () =>
  new ApiError(409, 'merchant_balance_insufficient', 'The merchant balance cannot cover this refund.');

// --- Escrow -------------------------------------------------------------------------------------------

type EscrowState = 'held' | 'refund_requested' | 'released' | 'refunded';

export const escrowPaymentNotFound = () =>
  new ApiError(404, 'payment_not_found', 'No such payment.', at('id', 'the id of one of your payments'));

export const notEscrow = () => new ApiError(409, 'not_escrow', 'This payment was paid directly, not held in escrow.');

export const noRefundRequest = () =>
  new ApiError(409, 'no_refund_request', 'There is no open refund request on this payment.');

/** The payment's escrow is in another state than the step needs. */
export const escrowIs = (state: EscrowState, wanted: EscrowState) =>
  new ApiError(409, `escrow_${state}`, `This payment is ${state.replace('_', ' ')}, not ${wanted.replace('_', ' ')}.`);

// --- Passkeys ---------------------------------------------------------------------------------------

export const passkeyInvalid = () =>
  new ApiError(401, 'passkey_invalid', 'The passkey did not prove this wallet: unlock with the PIN.');

export const passkeyNotFound = () =>
  new ApiError(404, 'passkey_not_found', 'No such passkey in this wallet.', at('id', 'one of your passkeys'));

export const passkeyRegistrationInvalid = (expected: string) =>
  invalidRequest(at('response', expected), 'The passkey could not be added.');

// --- Addresses and contact ---------------------------------------------------------------------------

export const addressNotFound = () =>
  new ApiError(404, 'address_not_found', 'No such address in this wallet.', at('id', 'one of your addresses'));

export const addressLimitReached = (most: number) =>
  new ApiError(409, 'address_limit_reached', `A wallet keeps at most ${most} addresses: remove one first.`);

/** What the shopper chose to share does not fit what the shop asked for. */
export const shareRefused = (field: string, expected: string) =>
  invalidRequest(at(field, expected), 'What is shared does not match what the shop asked for.');

// --- Password-free agreements -------------------------------------------------------------------------

export const agreementNotFound = () =>
  new ApiError(404, 'agreement_not_found', 'No such agreement.', at('id', 'the id of one of your agreements'));

export const agreementCancelled = () =>
  new ApiError(409, 'agreement_cancelled', 'This agreement was cancelled: nothing more is charged under it.');

export const agreementCardRemoved = () =>
  new ApiError(
    409,
    'agreement_card_removed',
    'The shopper removed the card this agreement charges: nothing is charged until they set it up again.',
  );

export const agreementEnded = () =>
  new ApiError(409, 'agreement_ended', 'This agreement has ended: nothing more is charged under it.');

export const agreementCapExceeded = (remaining: number) =>
  new ApiError(
    409,
    'agreement_cap_exceeded',
    `At most ${remaining} minor units remain under this agreement's cap for the current period.`,
    at('amount', `at most ${remaining}`),
    { facts: { remaining } },
  );

/** A tag offered to the wrong operation: an agreement's tag is accepted, a checkout's is paid. */
export const tagModeRefused = (expected: string) =>
  invalidRequest(at('tag.payload.mode', expected), 'This tag is not for this operation.');

// --- Talking to the shop ------------------------------------------------------------------------------

export const conversationNotStarted = () =>
  new ApiError(
    409,
    'conversation_not_started',
    'The shopper has not written about this payment: a shop answers, it does not start a conversation.',
  );

// --- Coupons and points -------------------------------------------------------------------------------

const CLAIMABLE = at('campaignId', 'a running campaign with coupons left');
const USABLE_COUPON = at('couponId', "an unused coupon of this wallet's for this shop");

export const campaignNotFound = () =>
  new ApiError(404, 'campaign_not_found', 'No coupon campaign has this id.', CLAIMABLE);

export const campaignNotRunning = () =>
  new ApiError(409, 'campaign_not_running', 'This offer is not running now.', CLAIMABLE);

export const campaignSoldOut = () =>
  new ApiError(409, 'campaign_sold_out', 'All coupons of this offer are taken.', CLAIMABLE);

export const couponLimitReached = (perUser: number) =>
  new ApiError(
    409,
    'coupon_limit_reached',
    `You already hold the most coupons of this offer (${perUser}).`,
    CLAIMABLE,
    {
      facts: { perUserLimit: perUser },
    },
  );

export const couponNotFound = () =>
  new ApiError(404, 'coupon_not_found', 'This wallet has no such coupon.', USABLE_COUPON);

export const couponForAnotherShop = () =>
  new ApiError(422, 'coupon_not_applicable', 'This coupon is for another shop.', USABLE_COUPON);

export const couponNotAvailable = (status: 'used' | 'expired') =>
  new ApiError(409, `coupon_${status}`, `This coupon is ${status}.`, USABLE_COUPON);

export const couponNotForThisOrder = () =>
  new ApiError(
    422,
    'coupon_not_applicable',
    'This coupon does not apply to this order (minimum spend or currency).',
    USABLE_COUPON,
  );

/** A coupon used meanwhile by another payment: the payment's writes refuse it (pay-checkout.sql) before writing anything. */
export const couponUsed = () =>
  new ApiError(
    409,
    'coupon_used',
    'This coupon was just used for another payment.',
    at('couponId', 'an unused coupon'),
  );

export const pointsNotRedeemable = () =>
  new ApiError(
    422,
    'points_not_redeemable',
    'This shop does not take points as payment.',
    at('redeemPoints', 'no points: the shop does not take them'),
  );

export const pointsExceedLimit = (most: number, held: number) =>
  new ApiError(
    422,
    'points_exceed_limit',
    `At most ${most} points can be spent on this order.`,
    at('redeemPoints', `at most ${most} (you hold ${held}; points pay up to half)`),
    { facts: { most, held } },
  );

/** Points spent in a race: the payment's writes (pay-checkout.sql) found the wallet holding fewer. */
export const pointsGone = () =>
  new ApiError(
    422,
    'points_exceed_limit',
    'The wallet no longer holds these points.',
    at('redeemPoints', 'points the wallet holds'),
  );

// --- Sign in with Pouch, and shops ----------------------------------------------------------------------

export const merchantNotFound = () =>
  new ApiError(404, 'merchant_not_found', 'No partner has this id.', at('merchantId', 'the id of a Pouch partner'));

export const wrongOrigin = (origins: string[]) =>
  new ApiError(
    422,
    'wrong_origin',
    'This page is not one the partner registered and verified.',
    at('origin', `one of ${origins.join(', ') || "the partner's verified origins (it has none yet)"}`),
  );

export const consentRequired = () =>
  new ApiError(
    403,
    'consent_required',
    'The user has not agreed to sign in to this site.',
    at('consent', 'true, after the user approved in Pouch'),
  );

export const emailTaken = () =>
  new ApiError(
    409,
    'email_taken',
    'This email already has a merchant console.',
    at('console.email', 'an email without a console'),
  );

export const webhookUrlRefused = (fault: string) =>
  invalidRequest(
    at('webhookUrl', `a public http(s) URL (${fault})`),
    `The webhook URL is not one Pouch will call: ${fault}.`,
  );

export const originsRefused = (issues: FieldIssue[], fault: string) =>
  invalidRequest(issues, `An origin is not one Pouch will call: ${fault}.`);

export const messageLinkRefused = (origins: string[]) =>
  invalidRequest(
    at('link', `a URL on ${origins.join(' or ') || 'one of your verified origins (none yet)'}`),
    'A message may only link to your own site.',
  );

export const originNotFound = (origin: string) =>
  new ApiError(
    404,
    'origin_not_found',
    `This merchant has not registered ${origin}.`,
    at('origin', 'one of your registered origins (add it first)'),
  );

export const originVerificationFailed = (origin: string, reason: string, expected: string) =>
  new ApiError(422, 'origin_verification_failed', `${origin} is not verified: ${reason}.`, at('origin', expected));

export const deliveryNotFound = () =>
  new ApiError(
    404,
    'delivery_not_found',
    'This merchant has no webhook delivery with that id.',
    at('id', "the id of one of this merchant's deliveries"),
  );

export const confirmationNotFound = () =>
  new ApiError(
    404,
    'confirmation_not_found',
    'No pending bank account change has this id; it may have expired.',
    at('confirmationId', 'the confirmationId of a change asked for in the last 15 minutes'),
  );

export const statementPeriodEmpty = () =>
  invalidRequest(at('to', 'a date after from'), 'The statement period is empty.');

import { z } from 'zod';
import { TAG_REFUSALS } from './verify-checkout-tag';

/**
 * Every refusal code the platform sends in a problem body's `code`: the one list its refusal factories
 * (platform/refusals.ts) are typed by, that the API reference documents per operation, and that the
 * extension words for people. A new code starts here.
 */
export const REFUSAL_CODES = [
  // Any request
  'invalid_request',
  'not_found',
  'rate_limited',
  'internal',
  'try_again',
  // Who is asking
  'unauthenticated',
  'session_expired',
  'bad_api_key',
  // Idempotency-Key
  'idempotency_key_required',
  'idempotency_key_reused',
  'idempotency_key_in_use',
  'idempotency_key_expired',
  // Wallets, devices, the PIN and the recovery code
  'wallet_not_found',
  'challenge_invalid',
  'signature_invalid',
  'pin_required',
  'pin_incorrect',
  'pin_locked',
  'recovery_code_unknown',
  'recovery_code_incorrect',
  'link_code_invalid',
  'device_not_found',
  'passkey_invalid',
  'passkey_not_found',
  'device_current',
  'no_withdrawal_account',
  'insufficient_balance',
  // Cards: adding one, and charging it
  'card_not_found',
  'card_declined',
  'card_insufficient_funds',
  'expired_card',
  'incorrect_cvc',
  'card_network_timeout',
  // Checkout tags and payments (the extension's own `tag_wrong_origin` never leaves it)
  ...TAG_REFUSALS.filter((code) => code !== 'tag_wrong_origin'),
  'tag_reused',
  'order_already_paid',
  'payment_not_found',
  'already_refunded',
  'refund_exceeds_payment',
  'merchant_balance_insufficient',
  // Escrow
  'not_escrow',
  'no_refund_request',
  'escrow_held',
  'escrow_refund_requested',
  'escrow_released',
  'escrow_refunded',
  // Addresses and contact
  'address_not_found',
  'address_limit_reached',
  // Password-free agreements
  'agreement_not_found',
  'agreement_cancelled',
  'agreement_ended',
  'agreement_cap_exceeded',
  'agreement_card_removed',
  // Talking to the shop
  'conversation_not_started',
  // Coupons and points
  'campaign_not_found',
  'campaign_not_running',
  'campaign_sold_out',
  'coupon_limit_reached',
  'coupon_not_found',
  'coupon_not_applicable',
  'coupon_used',
  'coupon_expired',
  'points_not_redeemable',
  'points_exceed_limit',
  // Sign in with Pouch
  'merchant_not_found',
  'wrong_origin',
  'consent_required',
  // Merchants
  'email_taken',
  'origin_not_found',
  'origin_verification_failed',
  'delivery_not_found',
  'confirmation_not_found',
] as const;

export type RefusalCode = Exclude<(typeof REFUSAL_CODES)[number], 'tag_wrong_origin'>;

/**
 * The figures a refusal's words are made of, sent beside them (a problem body's `facts`) so a client
 * can say them in its own language: the platform sends data, the wallet words it.
 */
export const RefusalFactsSchema = z
  .object({
    /** pin_incorrect, recovery_code_incorrect: wrong tries left before PIN use locks. */
    triesLeft: z.number().int(),
    /** pin_locked: minutes until the PIN can be tried again. */
    minutes: z.number().int(),
    /** rate_limited: seconds until the next try counts. */
    retryAfterSeconds: z.number().int(),
    /** refund_exceeds_payment: minor units that remain to refund. */
    remaining: z.number().int(),
    /** points_exceed_limit: the most points this order takes, and how many the wallet holds. */
    most: z.number().int(),
    held: z.number().int(),
    /** coupon_limit_reached: coupons of the offer one shopper may hold. */
    perUserLimit: z.number().int(),
  })
  .partial();
export type RefusalFacts = z.infer<typeof RefusalFactsSchema>;

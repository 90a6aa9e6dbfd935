import { z } from 'zod';
import { CurrencySchema, MinorUnitsSchema } from './money';
import { OriginSchema } from './origin';
import { ShareKindSchema } from './sharing';
import { ShownTextSchema } from './shown-text';

/** `<script type="application/pouch-checkout+jws">COMPACT_JWS</script>` — see DESIGN.md. */
export const CHECKOUT_TAG_TYPE = 'pouch-checkout+jws';
export const CHECKOUT_TAG_ALG = 'ES256';
export const CHECKOUT_TAG_AUDIENCE = 'pouch';
/** A tag as it stands on the page: a compact JWS exactly, three base64url parts and two dots, nothing around them. */
export const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Longest a tag may live: a checkout page, not a standing order. */
const CHECKOUT_TAG_MAX_LIFETIME_S = 24 * 3600;

export const CheckoutTagHeaderSchema = z
  .object({
    alg: z.literal(CHECKOUT_TAG_ALG, { error: `expected the pinned algorithm ${CHECKOUT_TAG_ALG}` }),
    kid: z.string().min(1, 'expected the key id of a registered merchant key').max(128),
    typ: z.literal(CHECKOUT_TAG_TYPE, { error: `expected "${CHECKOUT_TAG_TYPE}"` }),
  })
  .strict();

export const CheckoutItemSchema = z
  .object({
    name: ShownTextSchema(200),
    qty: z.number().int().positive(),
    amount: MinorUnitsSchema,
  })
  .strict();

/** How often an agreement's cap starts again, counted from the moment the shopper accepted it. */
export const AgreementPeriodSchema = z.enum(['week', 'month', 'year'], { error: 'expected week, month or year' });
export type AgreementPeriod = z.infer<typeof AgreementPeriodSchema>;
/** Longest an agreement may run: a shopper agrees to years, not forever. */
const AGREEMENT_MAX_YEARS = 5;

/**
 * A password-free agreement a shop offers (mode "agreement"): the tag's `amount` is the most it may
 * charge in each `period`, its `label` what for, `orderId` the shop's own reference; `end` (Unix
 * seconds) is when the agreement stops.
 */
export const AgreementTermsSchema = z.object({ period: AgreementPeriodSchema, end: z.number().int() }).strict();

export const CheckoutTagPayloadSchema = z
  .object({
    v: z.literal(1, { error: 'expected tag version 1' }),
    iss: z.string().min(1, 'expected the merchant id').max(128),
    aud: z.literal(CHECKOUT_TAG_AUDIENCE, { error: `expected "${CHECKOUT_TAG_AUDIENCE}"` }),
    origin: OriginSchema,
    orderId: z.string().min(1).max(128),
    amount: MinorUnitsSchema.refine((n) => n > 0, 'expected a positive amount'),
    currency: CurrencySchema,
    label: ShownTextSchema(200),
    items: z.array(CheckoutItemSchema).max(100).optional(),
    mode: z.enum(['direct', 'escrow', 'agreement']),
    agreement: AgreementTermsSchema.optional(),
    /** What the shop asks the shopper to share with this payment: a delivery address, a contact email. */
    share: z.array(ShareKindSchema).min(1).max(2).optional(),
    iat: z.number().int(),
    exp: z.number().int(),
    jti: z.string().min(8, 'expected a unique tag id of at least 8 characters').max(128),
  })
  .strict()
  .refine((tag) => tag.exp > tag.iat, { path: ['exp'], message: 'expected exp after iat' })
  .refine((tag) => tag.exp - tag.iat <= CHECKOUT_TAG_MAX_LIFETIME_S, {
    path: ['exp'],
    message: `expected a lifetime of at most ${CHECKOUT_TAG_MAX_LIFETIME_S} s`,
  })
  .refine((tag) => (tag.mode === 'agreement') === Boolean(tag.agreement), {
    path: ['agreement'],
    message: 'expected agreement terms exactly when the mode is "agreement"',
  })
  .refine((tag) => !tag.share || new Set(tag.share).size === tag.share.length, {
    path: ['share'],
    message: 'expected each of "address" and "contact" at most once',
  })
  .refine((tag) => !tag.share || tag.mode !== 'agreement', {
    path: ['share'],
    message: 'expected no sharing on an agreement (ask at a payment)',
  })
  .refine((tag) => !tag.agreement || tag.agreement.end > tag.exp, {
    path: ['agreement', 'end'],
    message: 'expected the agreement to end after the tag expires',
  })
  .refine((tag) => !tag.agreement || tag.agreement.end - tag.iat <= AGREEMENT_MAX_YEARS * 366 * 86_400, {
    path: ['agreement', 'end'],
    message: `expected an end within ${AGREEMENT_MAX_YEARS} years`,
  })
  .refine((tag) => !tag.items || tag.items.reduce((sum, item) => sum + item.qty * item.amount, 0) === tag.amount, {
    path: ['items'],
    message: 'expected the items to add up to the amount',
  });
export type CheckoutTagPayload = z.infer<typeof CheckoutTagPayloadSchema>;

import { z } from 'zod';
import { AgreementTermsSchema, CheckoutItemSchema } from './checkout-tag';
import { MoneySchema } from './money';
import { TAG_REFUSALS } from './verify-checkout-tag';
import { AgreementViewSchema } from './api';
import { ShareChoiceSchema, ShareKindSchema, SharingSchema } from './sharing';
import { CardSchema, CouponSchema } from './wallet';

/** What the extension shows about a verified checkout tag: merchant from the directory, amount from the signature. */
export const CheckoutViewSchema = z.object({
  merchantId: z.string(),
  merchantName: z.string(),
  origin: z.string(),
  orderId: z.string(),
  label: z.string(),
  amount: MoneySchema,
  items: z.array(CheckoutItemSchema),
  mode: z.enum(['direct', 'escrow', 'agreement']),
  /** For mode "agreement": how often the cap (`amount`) starts again, and when the agreement ends. */
  agreement: AgreementTermsSchema.optional(),
  /** What the shop asks the shopper to share with the payment. */
  share: z.array(ShareKindSchema).optional(),
  expiresAt: z.string(),
});
export type CheckoutView = z.infer<typeof CheckoutViewSchema>;

/** The refusals that end a checkout (the tag itself, or its order already paid): the page hears why. */
export const TagRefusalSchema = z.enum([...TAG_REFUSALS, 'tag_reused', 'order_already_paid']);

/** Why a checkout was not offered or not paid; the page gets this code in `pouch:failed`. */
const CheckoutRefusalSchema = z.enum([...TagRefusalSchema.options, 'no_wallet', 'cancelled', 'payment_failed']);

export const FundingChoiceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('balance') }).strict(),
  z.object({ type: z.literal('card'), cardToken: z.string().min(1) }).strict(),
]);

export const SheetSchema = z.object({
  checkoutId: z.string(),
  view: CheckoutViewSchema,
  /** The wallet is locked: the sheet shows the order and asks for the PIN; balance and cards stay hidden. */
  locked: z.boolean(),
  balance: MoneySchema,
  cards: z.array(CardSchema),
  passwordFreeLimit: MoneySchema,
  /** The daily password-free total and what today's password-free payments took, as last known. */
  dailyFree: z.object({ total: z.number().int(), spentToday: z.number().int() }).nullable(),
  /** Coupons for this shop that apply, best first by the rule in protocol/coupons.ts. */
  coupons: z.array(z.object({ coupon: CouponSchema, discount: z.number().int() })),
  pointsPerUnit: z.number().int(),
  /** Points the wallet holds at this shop, and what one takes off when spent (0: not here). */
  points: z.number().int(),
  pointValue: z.number().int(),
  subscribed: z.boolean(),
  /**
   * The choices of a try that may have reached the platform (it did not answer): a retry pays with
   * exactly these, under the same idempotency key, so the sheet shows them and locks them.
   */
  pendingChoices: z
    .object({
      funding: FundingChoiceSchema,
      couponId: z.string().optional(),
      redeemPoints: z.number().int().optional(),
      share: ShareChoiceSchema.optional(),
    })
    .nullable(),
  /** When the tag asks to share an address or contact: what the wallet holds to choose from. */
  sharing: SharingSchema.nullable(),
  /** `agreed`: a tag in mode "agreement" was accepted (no payment); the agreement is in `agreed`. */
  state: z.enum(['open', 'paying', 'paid', 'failed', 'agreed']),
  /** What the platform's reply says: the figures the success screen shows, never the sheet's own. */
  result: z
    .object({
      paymentId: z.string(),
      paid: MoneySchema,
      saved: MoneySchema,
      pointsEarned: z.number().int(),
      balance: MoneySchema.nullable(),
    })
    .nullable(),
  /** The agreement as the platform made it, once accepted. */
  agreed: AgreementViewSchema.nullable(),
});
export type Sheet = z.infer<typeof SheetSchema>;

/** Background → content script, on the tab that showed the tag. */
export const CheckoutResultSchema = z.discriminatedUnion('outcome', [
  z.object({
    type: z.literal('checkout.result'),
    orderId: z.string(),
    outcome: z.literal('paid'),
    paymentId: z.string(),
    receipt: z.string(),
  }),
  z.object({
    type: z.literal('checkout.result'),
    orderId: z.string(),
    outcome: z.literal('agreed'),
    agreementId: z.string(),
  }),
  z.object({
    type: z.literal('checkout.result'),
    orderId: z.string(),
    outcome: z.literal('failed'),
    reason: CheckoutRefusalSchema,
  }),
]);
export type CheckoutResult = z.infer<typeof CheckoutResultSchema>;

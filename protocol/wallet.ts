import { z } from 'zod';
import { CurrencySchema, MinorUnitsSchema, MoneySchema } from './money';

/** What the wallet keeps and shows: the shapes of the extension's records and of its message replies. */

const IsoDate = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time' });
const Id = z.string().min(1).max(128);

export const AccountSchema = z.object({
  walletId: Id,
  platformUrl: z.url({ error: 'expected an http(s) URL' }),
  passwordFreeLimit: MoneySchema,
  /** Password-free payments a UTC day, and what they took on `freeSpentDay` (from the last refresh). */
  dailyFreeTotal: MoneySchema.optional(),
  freeSpentToday: MoneySchema.optional(),
  freeSpentDay: z.string().optional(),
  createdAt: IsoDate,
});
export type Account = z.infer<typeof AccountSchema>;

export const BalanceSchema = z.object({ currency: CurrencySchema, amount: MinorUnitsSchema });
export type Balance = z.infer<typeof BalanceSchema>;

export const CardBrandSchema = z.enum(['unionpay', 'visa', 'mastercard', 'amex', 'jcb']);
export const CardSchema = z
  .object({
    token: Id,
    brand: CardBrandSchema,
    first6: z.string().regex(/^\d{6}$/),
    last4: z.string().regex(/^\d{4}$/),
    expMonth: z.number().int().min(1).max(12),
    expYear: z.number().int().min(2000).max(2100),
    isDefault: z.boolean(),
    sandbox: z.boolean(),
    /** How many active auto-pay agreements charge this card (absent when none). */
    autoPay: z.number().int().positive().optional(),
  })
  .meta({ id: 'Card' });
export type Card = z.infer<typeof CardSchema>;

export const CouponSchema = z
  .object({
    id: Id,
    /** The campaign it was claimed from (absent in coupons cached before it was sent). */
    campaignId: Id.optional(),
    merchantId: Id,
    merchantName: z.string(),
    title: z.string(),
    kind: z.enum(['amount_off', 'percent_off', 'threshold']),
    currency: CurrencySchema,
    /** amount_off and threshold: minor units off; percent_off: whole percent. */
    value: z.number().int().positive(),
    /** percent_off: most minor units it may take off. */
    cap: MinorUnitsSchema.optional(),
    /** the order must reach this many minor units. */
    minSpend: MinorUnitsSchema,
    expiresAt: IsoDate,
    status: z.enum(['available', 'used', 'expired']),
  })
  .meta({ id: 'Coupon' });
export type Coupon = z.infer<typeof CouponSchema>;

export const OfferSchema = z.object({
  id: Id,
  merchantId: Id,
  merchantName: z.string(),
  title: z.string(),
  endsAt: IsoDate,
  perUserLimit: z.number().int().min(1),
  /** The wallet holds as many of its coupons (used or not) as one shopper may claim. */
  claimed: z.boolean(),
});
export type Offer = z.infer<typeof OfferSchema>;

export const PointsSchema = z.object({
  merchantId: Id,
  merchantName: z.string(),
  points: z.number().int().min(0),
});
export type Points = z.infer<typeof PointsSchema>;

export const TransactionSchema = z
  .object({
    id: Id,
    createdAt: IsoDate,
    kind: z.enum(['payment', 'topup', 'refund', 'release', 'withdrawal']),
    title: z.string(),
    merchantId: Id.optional(),
    /** The payment a payment, refund or escrow release belongs to. */
    paymentId: Id.optional(),
    amount: MoneySchema,
    /** Payments only: loyalty points the payment earned and spent at the shop. */
    pointsEarned: z.number().int().positive().optional(),
    pointsRedeemed: z.number().int().positive().optional(),
    /** Payments only: the order at the shop, its price, what a coupon and points took off it, and what paid. */
    orderId: z.string().optional(),
    orderAmount: MoneySchema.optional(),
    couponDiscount: MoneySchema.optional(),
    pointsDiscount: MoneySchema.optional(),
    paidFrom: z.enum(['balance', 'card']).optional(),
    /** Payments only: the shop charged it under the shopper's password-free (auto-pay) agreement. */
    agreementId: Id.optional(),
    /** The shop and the order's label (payments, refunds, releases), in the shop's own words. */
    merchantName: z.string().optional(),
    label: z.string().optional(),
    /** Top-ups and withdrawals: the last four digits of the card or bank account. */
    last4: z.string().optional(),
    /** An escrow payment held again after the shop declined the buyer's refund request: the shop's words. */
    refundDeclinedMessage: z.string().optional(),
    /** `held` and `refund_requested`: an escrow payment the buyer has not confirmed yet. */
    status: z.enum(['pending', 'succeeded', 'failed', 'refunded', 'held', 'refund_requested', 'released']),
  })
  .meta({ id: 'Transaction' });
export type Transaction = z.infer<typeof TransactionSchema>;

export const InboxMessageSchema = z.object({
  id: Id,
  merchantId: Id,
  merchantName: z.string(),
  text: z.string(),
  link: z.url().optional(),
  /** Set when this is the shop's answer about one of the wallet's payments: which one, and its order. */
  about: z.object({ paymentId: Id, orderId: z.string() }).optional(),
  receivedAt: IsoDate,
  read: z.boolean(),
});
export type InboxMessage = z.infer<typeof InboxMessageSchema>;

export const PartnerSchema = z.object({
  merchantId: Id,
  name: z.string().min(1),
  category: z.string(),
  logo: z.url().optional(),
  origins: z.array(z.url()).min(1),
  /** Loyalty points per whole currency unit paid; 0 when the partner runs no points program. */
  pointsPerUnit: z.number().int().min(0).default(0),
  /** Minor units one point takes off an order when spent here; 0 when points cannot be spent. */
  pointValue: z.number().int().min(0).default(0),
  keys: z.array(
    z.object({ kid: z.string(), kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string(), y: z.string() }).loose(),
  ),
});
export type Partner = z.infer<typeof PartnerSchema>;

export const TransactionPageSchema = z.object({
  items: z.array(TransactionSchema),
  nextCursor: z.string().nullable(),
});
export type TransactionPage = z.infer<typeof TransactionPageSchema>;

export const SubscriptionSchema = z.object({ merchantId: Id, merchantName: z.string(), since: IsoDate });
export type Subscription = z.infer<typeof SubscriptionSchema>;

export const OverviewSchema = z.object({
  account: AccountSchema.nullable(),
  balances: z.array(BalanceSchema),
  cards: z.array(CardSchema),
  coupons: z.array(CouponSchema),
  couponCount: z.number().int(),
  offers: z.array(OfferSchema),
  /** Points held at each shop, and whether that shop takes points as payment. */
  points: z.array(PointsSchema.extend({ spendable: z.boolean() })),
  transactions: TransactionPageSchema,
  unreadCount: z.number().int(),
  inbox: z.array(InboxMessageSchema),
  subscriptions: z.array(SubscriptionSchema),
  /** Browser notifications for news from subscribed shops; off unless the user turned them on. */
  newsAlerts: z.boolean(),
  /** Top-ups at or above this show a review first (a pause before money moves). */
  topUpReviewAbove: MoneySchema,
  /** The partner whose site the active tab shows, with its coupons and offers. */
  here: z
    .object({ merchantId: Id, name: z.string(), coupons: z.array(CouponSchema), offers: z.array(OfferSchema) })
    .nullable(),
  refreshedAt: IsoDate.nullable(),
});
export type Overview = z.infer<typeof OverviewSchema>;

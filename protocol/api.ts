import { z } from 'zod';
import { LinkCodeSchema, RecoveryCodeSchema } from './codes';
import { AgreementPeriodSchema } from './checkout-tag';
import { MinorUnitsSchema, MoneySchema } from './money';
import { OriginSchema } from './origin';
import { COORDINATE, isP256Point } from './p256';
import {
  DAILY_FREE_TOTAL_CEILING,
  PASSWORD_FREE_CEILING,
  PIN_EXPECTED,
  PIN_PATTERN,
  PIN_TOO_EASY,
  pinTooEasy,
} from './pin-rule';
import { RefusalFactsSchema } from './refusal-codes';
import { NonceSchema } from './sign-in';
import { ShareChoiceSchema } from './sharing';
import { ShownTextSchema } from './shown-text';
import {
  BalanceSchema,
  CardSchema,
  CouponSchema,
  InboxMessageSchema,
  PartnerSchema,
  PointsSchema,
  TransactionSchema,
} from './wallet';

/** Bodies of the platform's HTTP API, shared by the platform, the extension's client and the merchant kit. */

const PublicJwkSchema = z
  .object({
    kty: z.literal('EC', { error: 'expected "EC"' }),
    crv: z.literal('P-256', { error: 'expected "P-256"' }),
    x: z.string().regex(COORDINATE, 'expected a base64url P-256 coordinate'),
    y: z.string().regex(COORDINATE, 'expected a base64url P-256 coordinate'),
  })
  .loose()
  .refine((jwk) => !('d' in jwk), { message: 'expected a public key; a private key must never be sent' })
  // Only once both coordinates are well formed: their own message already names a malformed one.
  .refine((jwk) => !COORDINATE.test(jwk.x) || !COORDINATE.test(jwk.y) || isP256Point(jwk.x, jwk.y), {
    message: 'expected a P-256 public key: x and y are not the coordinates of a point on the curve',
  });

export const PinSchema = z.string().regex(PIN_PATTERN, PIN_EXPECTED);
/** A PIN being chosen (a new wallet, a change): also not one anyone would guess first. */
const NewPinSchema = PinSchema.refine((pin) => !pinTooEasy(pin), PIN_TOO_EASY);

/** What the devices list calls a browser ("Chrome on Linux"); the extension names itself from its user agent. */
const DeviceNameSchema = z
  .string()
  .trim()
  .min(1, 'expected a name for this browser')
  .max(80, 'expected at most 80 characters');

export const CreateWalletBodySchema = z
  .object({ devicePublicKey: PublicJwkSchema, pin: NewPinSchema, deviceName: DeviceNameSchema.default('Browser') })
  .strict();
export const WalletCreatedSchema = z.object({
  walletId: z.string(),
  deviceId: z.string(),
  passwordFreeLimit: MoneySchema,
  createdAt: z.string(),
  /** Shown once: the platform keeps only a slow hash of it. */
  recoveryCode: z.string(),
});

/** A browser joins a wallet with the recovery code and the PIN; optionally every other device is revoked. */
export const RecoverBodySchema = z
  .object({
    recoveryCode: RecoveryCodeSchema,
    pin: PinSchema,
    devicePublicKey: PublicJwkSchema,
    deviceName: DeviceNameSchema,
    revokeOtherDevices: z.boolean().default(false),
  })
  .strict();
/** A browser joins a wallet with a one-time code shown by one of its devices, and the PIN. */
export const LinkBodySchema = z
  .object({ linkCode: LinkCodeSchema, pin: PinSchema, devicePublicKey: PublicJwkSchema, deviceName: DeviceNameSchema })
  .strict();
export const JoinedSchema = z.object({ walletId: z.string(), deviceId: z.string() });

/** Minutes a session may sit idle before the wallet locks (Bitwarden's choices); 15 unless the user says. */
export const AUTO_LOCK_CHOICES = [1, 5, 15, 60] as const;
export const AutoLockBodySchema = z
  .object({
    minutes: z
      .number()
      .refine((m) => (AUTO_LOCK_CHOICES as readonly number[]).includes(m), 'expected 1, 5, 15 or 60 minutes'),
  })
  .strict();
export const AutoLockViewSchema = z.object({ autoLockMinutes: z.number().int() });
const DeviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string(),
  autoLockMinutes: z.number().int(),
  /** The device this session belongs to. */
  current: z.boolean(),
});
export const DeviceListSchema = z.object({ items: z.array(DeviceSchema) });

/** What raises risk takes the PIN, unless this session proved it in the last five minutes. */
export const StepUpBodySchema = z.object({ pin: PinSchema.optional() }).strict();
export const LinkCodeViewSchema = z.object({ linkCode: z.string(), expiresAt: z.string() });
export const RecoveryCodeViewSchema = z.object({ recoveryCode: z.string() });
export const PinChangeBodySchema = z
  .object({ pin: PinSchema, newPin: NewPinSchema })
  .strict()
  .refine((body) => body.newPin !== body.pin, {
    path: ['newPin'],
    message: 'expected a PIN other than the current one',
  });

export const ChallengeBodySchema = z.object({ walletId: z.string().min(1) }).strict();
export const ChallengeSchema = z.object({ challenge: z.string(), expiresAt: z.string() });
const B64URL = z
  .string()
  .regex(/^[A-Za-z0-9_-]*$/, 'expected base64url')
  .max(8_192);

/** A passkey's answer to navigator.credentials.get() (PublicKeyCredential.toJSON()), for unlocking. */
export const PasskeyAssertionSchema = z
  .object({
    id: B64URL.min(1),
    rawId: B64URL.min(1),
    type: z.literal('public-key'),
    response: z
      .object({
        clientDataJSON: B64URL,
        authenticatorData: B64URL,
        signature: B64URL,
        userHandle: B64URL.optional(),
      })
      .loose(),
    clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
    authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  })
  .loose();

/** A passkey's answer to navigator.credentials.create() (PublicKeyCredential.toJSON()), and its name. */
export const PasskeyRegistrationBodySchema = z
  .object({
    name: z.string().trim().min(1, 'expected a name for this passkey').max(80, 'expected at most 80 characters'),
    response: z
      .object({
        id: B64URL.min(1),
        rawId: B64URL.min(1),
        type: z.literal('public-key'),
        response: z
          .object({ clientDataJSON: B64URL, attestationObject: B64URL, transports: z.array(z.string()).optional() })
          .loose(),
        clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
        authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
      })
      .loose(),
  })
  .strict();

/** Options for navigator.credentials.create() (PublicKeyCredential.parseCreationOptionsFromJSON). */
export const PasskeyOptionsSchema = z
  .object({
    challenge: z.string(),
    rp: z.object({ name: z.string() }).loose(),
    user: z.object({ id: z.string() }).loose(),
  })
  .loose();
export const PasskeyListSchema = z.object({
  items: z.array(
    z.object({ id: z.string(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().optional() }),
  ),
});

export const SessionBodySchema = z
  .object({
    walletId: z.string().min(1),
    challenge: z.string().min(1),
    signature: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, 'expected a base64url ES256 signature')
      .meta({
        description:
          'ECDSA P-256 with SHA-256 (ES256) by the device key, over the UTF-8 bytes of the `challenge` string exactly as received; the raw 64-byte R‖S form (as WebCrypto gives it, not DER), base64url without padding.',
      }),
    /**
     * The device key proves the browser; the PIN, or a passkey's assertion over the same challenge, the
     * person: a session takes the key and one of them (unlocking the wallet).
     */
    pin: PinSchema.optional(),
    passkey: PasskeyAssertionSchema.optional(),
  })
  .strict()
  .refine((body) => Boolean(body.pin) !== Boolean(body.passkey), {
    path: ['pin'],
    message: 'expected the PIN or a passkey (one of them)',
  });
/**
 * A forgotten PIN: this browser (a challenge signed by its device key) and the recovery code set a new
 * PIN, on the PIN's five tries; every session of the wallet ends, and this browser gets a new one.
 */
export const PinResetBodySchema = z
  .object({
    walletId: z.string().min(1),
    challenge: z.string().min(1),
    signature: z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected a base64url ES256 signature'),
    recoveryCode: RecoveryCodeSchema,
    newPin: NewPinSchema,
  })
  .strict();
export const SessionSchema = z.object({
  token: z.string(),
  /** The latest the session lasts, however busy. */
  expiresAt: z.string(),
  /** When it ends unless used: each request moves this on by the device's auto-lock time. */
  idleUntil: z.string(),
  autoLockMinutes: z.number().int(),
  deviceId: z.string(),
});

export const WalletSnapshotSchema = z.object({
  walletId: z.string(),
  passwordFreeLimit: MoneySchema,
  dailyFreeTotal: MoneySchema,
  freeSpentToday: MoneySchema,
  balances: z.array(BalanceSchema),
  cards: z.array(CardSchema),
  points: z.array(PointsSchema),
});

export const CardListSchema = z.object({ items: z.array(CardSchema) });
export const TransactionListSchema = z.object({ items: z.array(TransactionSchema), nextCursor: z.string().nullable() });

export const DirectorySchema = z.object({ partners: z.array(PartnerSchema) });

export const AddCardBodySchema = z
  .object({
    number: z.string().regex(/^\d{12,19}$/, 'expected 12 to 19 digits'),
    expMonth: z.number().int().min(1, 'expected a month 1 to 12').max(12, 'expected a month 1 to 12'),
    expYear: z.number().int().min(2000, 'expected a four-digit year').max(2100, 'expected a four-digit year'),
    holder: z.string().trim().min(1, 'expected the name on the card').max(100),
    cvc: z.string().regex(/^\d{3,4}$/, 'expected 3 or 4 digits'),
    /** A new card is a step-up: the PIN, unless this session proved it in the last five minutes. */
    pin: PinSchema.optional(),
  })
  .strict();

export const TopUpBodySchema = z.object({ cardToken: z.string().min(1), amount: MoneySchema }).strict();
export const TopUpResultSchema = z.object({ transaction: TransactionSchema, balance: BalanceSchema });

export const LimitBodySchema = z
  .object({
    passwordFreeLimit: MoneySchema.refine(
      (limit) => limit.currency === PASSWORD_FREE_CEILING.currency && limit.amount <= PASSWORD_FREE_CEILING.amount,
      `expected at most ${PASSWORD_FREE_CEILING.amount} minor units of ${PASSWORD_FREE_CEILING.currency} (the password-free ceiling)`,
    ),
    /** Password-free payments a UTC day; the PIN is asked past it. */
    dailyFreeTotal: MoneySchema.refine(
      (total) =>
        total.currency === DAILY_FREE_TOTAL_CEILING.currency && total.amount <= DAILY_FREE_TOTAL_CEILING.amount,
      `expected at most ${DAILY_FREE_TOTAL_CEILING.amount} minor units of ${DAILY_FREE_TOTAL_CEILING.currency}`,
    ).optional(),
    /** Needed to raise a limit (not to lower it), unless this session proved the PIN in the last five minutes. */
    pin: PinSchema.optional(),
  })
  .strict();
/** Where withdrawals go: a (sandbox) bank account. Setting or changing it takes the PIN. */
export const WithdrawalAccountBodySchema = z
  .object({
    holder: z.string().trim().min(1, 'expected the account holder').max(100),
    accountNumber: z.string().regex(/^\d{8,30}$/, 'expected 8 to 30 digits (sandbox bank)'),
    pin: PinSchema.optional(),
  })
  .strict();
export const WithdrawalAccountViewSchema = z.object({ holder: z.string(), last4: z.string() });
/** Money out: all or part of the balance to the withdrawal account, with the PIN (Idempotency-Key required). */
export const WithdrawalBodySchema = z.object({ amount: MoneySchema, pin: PinSchema.optional() }).strict();

export const LimitViewSchema = z.object({
  passwordFreeLimit: MoneySchema,
  dailyFreeTotal: MoneySchema,
  /** What password-free payments took today (UTC). */
  freeSpentToday: MoneySchema,
});

/** RFC 9457 problem body: every 4xx and 5xx of the platform. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.string(),
    issues: z.array(z.object({ field: z.string(), expected: z.string() })).optional(),
    /** The figures in `detail` (tries left, minutes…), for a client that words the refusal in its own language. */
    facts: RefusalFactsSchema.optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof ProblemSchema>;

/** What a payment, or an agreement's charges, take: the Pouch balance or one of the wallet's cards. */
export const FundingSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('balance') }).strict(),
    z.object({ type: z.literal('card'), cardToken: z.string().min(1) }).strict(),
  ],
  { error: 'expected {"type":"balance"} or {"type":"card","cardToken":…}' },
);

export const PaymentBodySchema = z
  .object({
    tag: z.string().min(1, 'expected the checkout tag (compact JWS)').max(16_384),
    funding: FundingSchema,
    /** One of the wallet's coupons for this merchant; the platform checks it and computes the saving. */
    couponId: z.string().min(1).optional(),
    /** Points held at this shop to spend as a discount; see protocol/points.ts for the limit. */
    redeemPoints: z.number().int('expected a whole number of points').positive('expected at least 1 point').optional(),
    pin: PinSchema.optional(),
    /** What the shopper shares with the shop, of what its tag asked for (none unless the tag asked). */
    share: ShareChoiceSchema.optional(),
  })
  .strict();

export const PaymentViewSchema = z
  .object({
    id: z.string(),
    merchantId: z.string(),
    merchantName: z.string(),
    orderId: z.string(),
    label: z.string(),
    amount: MoneySchema,
    /** What the coupon and spent points took off; the shopper paid amount − discount. */
    discount: MoneySchema,
    refunded: MoneySchema,
    pointsEarned: z.number().int(),
    pointsRedeemed: z.number().int(),
    /** The part of the discount the spent points paid. */
    pointsDiscount: MoneySchema,
    /** Escrow payments only: where the held money stands, and when it releases by itself. */
    escrow: z
      .object({
        state: z.enum(['held', 'refund_requested', 'released', 'refunded']),
        releaseAfter: z.string(),
        /** The buyer's words asking for the money back (the latest request). */
        requestReason: z.string().optional(),
        /** The shop's words declining that request, which the buyer reads in the wallet. */
        declineMessage: z.string().optional(),
      })
      .optional(),
    status: z.enum(['succeeded', 'partially_refunded', 'refunded']),
    funding: z.enum(['balance', 'card']),
    /** Set when the shop charged it under a password-free agreement (POST /v1/merchant/agreements/{id}/charges). */
    agreementId: z.string().optional(),
    createdAt: z.string(),
  })
  .meta({ id: 'Payment' });

/**
 * A password-free agreement: the shop may charge up to `cap` each `period` (counted from `createdAt`)
 * until `endsAt`, unless cancelled. `spentThisPeriod` is what it charged since `periodStart`.
 */
export const AgreementViewSchema = z
  .object({
    id: z.string(),
    merchantId: z.string(),
    merchantName: z.string(),
    reference: z.string(),
    description: z.string(),
    cap: MoneySchema,
    period: AgreementPeriodSchema,
    endsAt: z.string(),
    createdAt: z.string(),
    state: z.enum(['active', 'cancelled', 'ended']),
    cancelledAt: z.string().optional(),
    periodStart: z.string(),
    spentThisPeriod: MoneySchema,
    /** What each charge takes: the shopper's Pouch balance, or the card they chose when accepting. */
    paidFrom: z.enum(['balance', 'card']),
  })
  .meta({ id: 'Agreement' });
export type AgreementView = z.infer<typeof AgreementViewSchema>;
export const AgreementListSchema = z.object({ items: z.array(AgreementViewSchema) });
/** A page of a shop's agreements, newest first; `nextCursor` asks for the next. */
export const AgreementPageSchema = z.object({ items: z.array(AgreementViewSchema), nextCursor: z.string().nullable() });
export const AGREEMENT_STATES = AgreementViewSchema.shape.state.options;
/** Accepting the agreement a tag offers (mode "agreement"): always with the PIN. */
export const AcceptAgreementBodySchema = z
  .object({
    tag: z.string().min(1, 'expected the checkout tag (compact JWS)').max(16_384),
    pin: PinSchema,
    /** What the shop's charges take: the Pouch balance (the default), or one of the wallet's cards. */
    funding: FundingSchema.default({ type: 'balance' }),
  })
  .strict();
export type AcceptAgreementBody = z.infer<typeof AcceptAgreementBodySchema>;
/** A charge under an agreement: its own order, an amount within what is left of the period's cap. */
export const AgreementChargeBodySchema = z
  .object({
    orderId: z.string().min(1, 'expected your order id for this charge').max(128),
    amount: MinorUnitsSchema.refine((n) => n > 0, 'expected a positive amount in minor units'),
    /** What the shopper's history says it was for; the agreement's description when left out. */
    label: z.string().trim().pipe(ShownTextSchema(200, 'expected what the charge is for')).optional(),
  })
  .strict();
export const AgreementChargeResultSchema = z.object({ payment: PaymentViewSchema, receipt: z.string() });
export type PaymentView = z.infer<typeof PaymentViewSchema>;

export const PaymentResultSchema = z.object({
  payment: PaymentViewSchema,
  /** JWT (ES256) signed by the platform: verify it with /.well-known/jwks.json. */
  receipt: z.string(),
  transaction: TransactionSchema,
  balance: BalanceSchema.nullable(),
});

export const MerchantSignupBodySchema = z
  .object({
    name: z.string().trim().pipe(ShownTextSchema(100, 'expected the shop name')),
    category: z.string().trim().pipe(ShownTextSchema(60, 'expected a category such as "mobile top-up"')),
    logo: z.url().optional(),
    origins: z.array(OriginSchema).min(1, 'expected at least one origin').max(20),
    webhookUrl: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
    publicJwk: PublicJwkSchema.optional(),
    generateKey: z.boolean().optional(),
    /** A merchant console login to open with the shop (the console's own sign-up always makes one). */
    console: z
      .object({
        email: z.email({ error: 'expected an email address' }),
        password: z.string().min(12, 'expected at least 12 characters').max(200),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((body) => Boolean(body.publicJwk) !== Boolean(body.generateKey), {
    path: ['publicJwk'],
    message: 'expected either publicJwk or generateKey: true, not both',
  });

/** One origin a merchant claims, and the file that proves it controls it (see merchant/README.md). */
export const OriginViewSchema = z
  .object({
    origin: z.string(),
    status: z.enum(['pending', 'verified']),
    verificationUrl: z.string(),
    verificationFile: z.object({ merchantId: z.string(), token: z.string() }),
    verifiedAt: z.string().nullable(),
    lastError: z.string().nullable(),
  })
  .meta({ id: 'Origin' });
export const OriginListSchema = z.object({ items: z.array(OriginViewSchema) });
export const OriginBodySchema = z.object({ origin: OriginSchema }).strict();

/** Where Pouch posts the shop's webhook events from now on (deliveries already queued keep theirs). */
export const WebhookUrlBodySchema = z
  .object({ webhookUrl: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }) })
  .strict();
export const WebhookUrlSchema = WebhookUrlBodySchema;

export const RotatedApiKeySchema = z.object({ apiKey: z.string(), previousValidUntil: z.string() });
export const RotatedWebhookSecretSchema = z.object({ webhookSecret: z.string(), previousValidUntil: z.string() });

export const MerchantCreatedSchema = z.object({
  merchantId: z.string(),
  kid: z.string(),
  /** Shown once; the platform keeps only its hash. */
  apiKey: z.string(),
  webhookSecret: z.string(),
  /** Only when the platform generated the key pair: shown once, never stored. */
  privateJwk: z.record(z.string(), z.string()).optional(),
  snippet: z.string(),
  /** Pending until verified: serve each file, then ask for verification. */
  origins: z.array(OriginViewSchema),
});

export const PaymentListSchema = z.object({ items: z.array(PaymentViewSchema), nextCursor: z.string().nullable() });

/** Declining an escrow refund request; the message, if any, is shown to the buyer in the wallet. */
export const DeclineRefundRequestBodySchema = z
  .object({ message: z.string().trim().pipe(ShownTextSchema(500, 'expected a few words to the buyer')).optional() })
  .strict();

export const RefundBodySchema = z
  .object({
    amount: z
      .number()
      .int('expected an integer count of minor units')
      .positive('expected a positive amount')
      .optional(),
    reason: z.string().max(500).optional(),
  })
  .strict();

export const RefundResultSchema = z.object({
  refund: z.object({ id: z.string(), paymentId: z.string(), amount: MoneySchema, createdAt: z.string() }),
  payment: PaymentViewSchema,
});

export const DeliveryViewSchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    url: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed']),
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string(),
    deliveredAt: z.string().nullable(),
    /** When the event was first queued for delivery. */
    createdAt: z.string(),
  })
  .meta({ id: 'WebhookDelivery' });
export type DeliveryView = z.infer<typeof DeliveryViewSchema>;
export const DeliveryListSchema = z.object({ items: z.array(DeliveryViewSchema) });

export const CouponCampaignBodySchema = z
  .object({
    title: z.string().trim().min(1, 'expected a title such as "¥20 off ¥100"').max(80),
    kind: z.enum(['amount_off', 'percent_off', 'threshold'], {
      error: 'expected amount_off, percent_off or threshold',
    }),
    value: z.number().int('expected a whole number').positive('expected more than 0'),
    cap: z.number().int().positive().optional(),
    minSpend: z.number().int().min(0).default(0),
    currency: MoneySchema.shape.currency,
    validFrom: z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time' }).optional(),
    validUntil: z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time' }),
    quantity: z.number().int().positive('expected at least 1').max(10_000_000),
    perUserLimit: z.number().int().positive().max(100).default(1),
  })
  .strict()
  .refine((c) => c.kind !== 'percent_off' || c.value <= 100, {
    path: ['value'],
    message: 'expected a percentage from 1 to 100',
  })
  .refine((c) => c.kind !== 'threshold' || c.minSpend > c.value, {
    path: ['minSpend'],
    message: 'expected a spend threshold above the amount off',
  })
  .refine((c) => c.kind === 'percent_off' || c.cap === undefined, {
    path: ['cap'],
    message: 'expected a cap only on percent_off coupons',
  })
  .refine((c) => !c.validFrom || c.validFrom < c.validUntil, {
    path: ['validUntil'],
    message: 'expected validUntil after validFrom',
  });

export const CouponCampaignViewSchema = z
  .object({
    id: z.string(),
    merchantId: z.string(),
    merchantName: z.string(),
    title: z.string(),
    kind: z.enum(['amount_off', 'percent_off', 'threshold']),
    value: z.number().int(),
    cap: z.number().int().optional(),
    minSpend: z.number().int(),
    currency: z.string(),
    validFrom: z.string(),
    validUntil: z.string(),
    quantity: z.number().int(),
    remaining: z.number().int(),
    perUserLimit: z.number().int(),
    /**
     * Whether shoppers can claim it now: `running`; not yet (`scheduled`); `paused` or `ended` by the
     * shop; every coupon claimed (`sold_out`); past its date (`expired`).
     */
    state: z.enum(['scheduled', 'running', 'paused', 'ended', 'sold_out', 'expired']),
    /** The merchant's own list only: coupons claimed, and of them used in a payment. */
    claimedCount: z.number().int().optional(),
    redeemedCount: z.number().int().optional(),
  })
  .meta({ id: 'CouponCampaign' });
export type CouponCampaignView = z.infer<typeof CouponCampaignViewSchema>;
export const CouponCampaignListSchema = z.object({ items: z.array(CouponCampaignViewSchema) });
export const ClaimBodySchema = z.object({ campaignId: z.string().min(1) }).strict();
export const WalletCouponListSchema = z.object({ items: z.array(CouponSchema) });

export const PointsProgramBodySchema = z
  .object({
    pointsPerUnit: z.number().int('expected a whole number of points').min(0).max(1_000),
    /** Minor units one point takes off an order when spent; 0: points cannot be spent here. */
    pointValue: z.number().int('expected a whole number of minor units').min(0).max(10_000).default(0),
  })
  .strict();

export const SubscriptionBodySchema = z.object({ merchantId: z.string().min(1) }).strict();
export const MerchantMessageBodySchema = z
  .object({
    text: z.string().trim().min(1, 'expected the message text').max(500, 'expected at most 500 characters'),
    link: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL on your own site' }).optional(),
  })
  .strict();
/** One line of a conversation about an order: who wrote it (the shopper or the shop), what, and when. */
export const OrderMessageSchema = z.object({
  id: z.string(),
  from: z.enum(['shopper', 'shop']),
  text: z.string(),
  sentAt: z.string(),
});
export type OrderMessage = z.infer<typeof OrderMessageSchema>;
/** A shopper's conversation with a shop about one payment, oldest line first. Names no one. */
export const ConversationSchema = z.object({
  paymentId: z.string(),
  orderId: z.string(),
  merchantName: z.string(),
  items: z.array(OrderMessageSchema),
});
export type Conversation = z.infer<typeof ConversationSchema>;
export const ORDER_MESSAGE_MAX = 1_000;
/** Plain text, lines allowed; what the other side reads as written. */
export const OrderMessageBodySchema = z
  .object({
    text: z
      .string()
      .trim()
      .min(1, 'expected the message text')
      .max(ORDER_MESSAGE_MAX, `expected at most ${ORDER_MESSAGE_MAX} characters`),
  })
  .strict();
export const InboxListSchema = z.object({ items: z.array(InboxMessageSchema) });
export const SubscriptionListSchema = z.object({
  items: z.array(z.object({ merchantId: z.string(), merchantName: z.string(), since: z.string() })),
});

export const BankAccountBodySchema = z
  .object({
    holder: z.string().trim().min(1, 'expected the account holder').max(100),
    accountNumber: z.string().regex(/^\d{8,30}$/, 'expected 8 to 30 digits (sandbox bank)'),
  })
  .strict();
export const BankAccountViewSchema = z.object({
  holder: z.string(),
  last4: z.string(),
  /** After a change, payouts wait until then. */
  payoutsHeldUntil: z.string().nullable(),
});
export const BankAccountChangeSchema = z.object({
  confirmationId: z.string(),
  holder: z.string(),
  last4: z.string(),
  expiresAt: z.string(),
  /** Where the owner confirms it: the console, with the password again (the API key cannot). */
  confirmAt: z.string(),
});
export const MerchantBalanceSchema = z.object({
  items: z.array(
    z.object({
      currency: z.string(),
      inEscrow: z.number().int(),
      pending: z.number().int(),
      available: z.number().int(),
      paidOut: z.number().int(),
    }),
  ),
});
export const PayoutViewSchema = z
  .object({
    id: z.string(),
    day: z.string(),
    amount: MoneySchema,
    bankLast4: z.string(),
    status: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'Payout' });
export const PayoutListSchema = z.object({ items: z.array(PayoutViewSchema) });
export const StatementQuerySchema = z.object({
  from: z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time' }),
  to: z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time' }),
});

export const LoginBodySchema = z
  .object({
    merchantId: z.string().min(1),
    /** The page asking; it must be one of the merchant's registered origins. */
    origin: OriginSchema,
    nonce: NonceSchema,
    /** The user approved in extension UI just now; required unless the site is already connected. */
    consent: z.boolean().default(false),
    /** What the user chose, in the consent window, to share in the ID token (email, address claims). */
    share: ShareChoiceSchema.optional(),
  })
  .strict();
export const LoginResultSchema = z.object({ idToken: z.string(), expiresAt: z.string(), subject: z.string() });
export const ConnectionListSchema = z.object({
  items: z.array(
    z.object({ merchantId: z.string(), merchantName: z.string(), connectedAt: z.string(), lastLoginAt: z.string() }),
  ),
});

/** `/.well-known/openid-configuration`: enough for OpenID Connect libraries to verify an ID token. */
export const OpenIdConfigurationSchema = z.object({
  issuer: z.string(),
  jwks_uri: z.string(),
  response_types_supported: z.array(z.string()),
  subject_types_supported: z.array(z.string()),
  id_token_signing_alg_values_supported: z.array(z.string()),
  scopes_supported: z.array(z.string()),
  claims_supported: z.array(z.string()),
});

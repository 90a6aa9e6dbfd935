import { z } from 'zod';
import { MoneySchema } from './money';
import { BalanceSchema, CardSchema, PartnerSchema, TransactionSchema } from './wallet';

/** Bodies of the platform's HTTP API, shared by the platform, the extension's client and the merchant kit. */

export const PublicJwkSchema = z
  .object({
    kty: z.literal('EC', { error: 'expected "EC"' }),
    crv: z.literal('P-256', { error: 'expected "P-256"' }),
    x: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'expected a base64url P-256 coordinate'),
    y: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'expected a base64url P-256 coordinate'),
  })
  .loose()
  .refine((jwk) => !('d' in jwk), { message: 'expected a public key; a private key must never be sent' });

export const PinSchema = z.string().regex(/^\d{6}$/, 'expected exactly 6 digits');

export const CreateWalletBody = z.object({ devicePublicKey: PublicJwkSchema, pin: PinSchema }).strict();
export const WalletCreated = z.object({ walletId: z.string(), passwordFreeLimit: MoneySchema, createdAt: z.string() });

export const ChallengeBody = z.object({ walletId: z.string().min(1) }).strict();
export const Challenge = z.object({ challenge: z.string(), expiresAt: z.string() });
export const SessionBody = z
  .object({
    walletId: z.string().min(1),
    challenge: z.string().min(1),
    signature: z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected a base64url ES256 signature'),
  })
  .strict();
export const Session = z.object({ token: z.string(), expiresAt: z.string() });

export const WalletSnapshot = z.object({
  walletId: z.string(),
  passwordFreeLimit: MoneySchema,
  balances: z.array(BalanceSchema),
  cards: z.array(CardSchema),
});

export const TransactionList = z.object({ items: z.array(TransactionSchema), nextCursor: z.string().nullable() });

export const Directory = z.object({ partners: z.array(PartnerSchema) });

export const AddCardBody = z
  .object({
    number: z.string().regex(/^\d{12,19}$/, 'expected 12 to 19 digits'),
    expMonth: z.number().int().min(1, 'expected a month 1 to 12').max(12, 'expected a month 1 to 12'),
    expYear: z.number().int().min(2000, 'expected a four-digit year').max(2100, 'expected a four-digit year'),
    holder: z.string().trim().min(1, 'expected the name on the card').max(100),
    cvc: z.string().regex(/^\d{3,4}$/, 'expected 3 or 4 digits'),
  })
  .strict();

export const TopUpBody = z.object({ cardToken: z.string().min(1), amount: MoneySchema }).strict();
export const TopUpResult = z.object({ transaction: TransactionSchema, balance: BalanceSchema });

export const LimitBody = z.object({ passwordFreeLimit: MoneySchema }).strict();

/** RFC 9457 problem body: every 4xx and 5xx of the platform. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  code: z.string(),
  issues: z.array(z.object({ field: z.string(), expected: z.string() })).optional(),
});
export type Problem = z.infer<typeof Problem>;

export const FundingSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('balance') }).strict(),
    z.object({ type: z.literal('card'), cardToken: z.string().min(1) }).strict(),
  ],
  { error: 'expected {"type":"balance"} or {"type":"card","cardToken":…}' },
);

export const PaymentBody = z
  .object({
    tag: z.string().min(1, 'expected the checkout tag (compact JWS)').max(16_384),
    funding: FundingSchema,
    pin: PinSchema.optional(),
  })
  .strict();

export const PaymentView = z.object({
  id: z.string(),
  merchantId: z.string(),
  merchantName: z.string(),
  orderId: z.string(),
  label: z.string(),
  amount: MoneySchema,
  refunded: MoneySchema,
  status: z.enum(['succeeded', 'partially_refunded', 'refunded']),
  funding: z.enum(['balance', 'card']),
  createdAt: z.string(),
});
export type PaymentView = z.infer<typeof PaymentView>;

export const PaymentResult = z.object({
  payment: PaymentView,
  /** JWT (ES256) signed by the platform: verify it with /.well-known/jwks.json. */
  receipt: z.string(),
  transaction: TransactionSchema,
  balance: BalanceSchema.nullable(),
});

export const Origin = z.url({ protocol: /^https?$/, error: 'expected an http(s) origin' }).refine((value) => {
  const url = new URL(value);
  return (
    url.origin === value.replace(/\/$/, '') &&
    (url.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname))
  );
}, 'expected an origin (scheme, host, port; no path), https unless it is localhost');

export const MerchantSignupBody = z
  .object({
    name: z.string().trim().min(1, 'expected the shop name').max(100),
    category: z.string().trim().min(1, 'expected a category such as "mobile top-up"').max(60),
    logo: z.url().optional(),
    origins: z.array(Origin).min(1, 'expected at least one origin').max(20),
    webhookUrl: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
    publicJwk: PublicJwkSchema.optional(),
    generateKey: z.boolean().optional(),
  })
  .strict()
  .refine((body) => Boolean(body.publicJwk) !== Boolean(body.generateKey), {
    path: ['publicJwk'],
    message: 'expected either publicJwk or generateKey: true, not both',
  });

export const MerchantCreated = z.object({
  merchantId: z.string(),
  kid: z.string(),
  /** Shown once; the platform keeps only its hash. */
  apiKey: z.string(),
  webhookSecret: z.string(),
  /** Only when the platform generated the key pair: shown once, never stored. */
  privateJwk: z.record(z.string(), z.string()).optional(),
  snippet: z.string(),
});

export const PaymentList = z.object({ items: z.array(PaymentView), nextCursor: z.string().nullable() });

export const RefundBody = z
  .object({
    amount: z
      .number()
      .int('expected an integer count of minor units')
      .positive('expected a positive amount')
      .optional(),
    reason: z.string().max(500).optional(),
  })
  .strict();

export const RefundResult = z.object({
  refund: z.object({ id: z.string(), paymentId: z.string(), amount: MoneySchema, createdAt: z.string() }),
  payment: PaymentView,
});

export const DeliveryView = z.object({
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
});
export const DeliveryList = z.object({ items: z.array(DeliveryView) });

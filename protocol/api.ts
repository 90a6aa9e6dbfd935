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

import { z } from 'zod';
import { ShareKindSchema, SharingSchema } from './sharing';

export const NonceSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,128}$/, 'expected a random nonce of 16 to 128 URL-safe characters');

export const SignInRequestSchema = z
  .object({
    merchantId: z.string().min(1, 'expected the partner id').max(128),
    nonce: NonceSchema,
    /** What the shop asks the shopper to share at sign-in: it goes in the ID token, if the shopper agrees. */
    scope: z.array(ShareKindSchema).min(1).max(2).optional(),
  })
  .strict()
  .refine((r) => !r.scope || new Set(r.scope).size === r.scope.length, {
    path: ['scope'],
    message: 'expected each of "address" and "contact" at most once',
  });

/** Why a sign-in did not happen, as the page hears it. */
export const SignInRefusalSchema = z.enum([
  'cancelled',
  'not_a_partner',
  'wrong_origin',
  'invalid_request',
  'no_wallet',
  'platform_unreachable',
  'platform_error',
]);
export type SignInRefusal = z.infer<typeof SignInRefusalSchema>;

/** What the background tells the tab when a sign-in ends; the page hears it as a DOM event. */
export type SignInResult =
  | { type: 'sign-in.result'; nonce: string; outcome: 'signed-in'; idToken: string }
  | { type: 'sign-in.result'; nonce: string; outcome: 'failed'; reason: SignInRefusal };

/** A sign-in waiting for the user in the consent window. */
export const ConsentSchema = z.object({
  signInId: z.string(),
  merchantId: z.string(),
  merchantName: z.string(),
  origin: z.string(),
  state: z.enum(['asking', 'signed-in', 'failed']),
  /** What the page asks to be shared, and what the wallet holds to choose from (while asking, unlocked). */
  scope: z.array(ShareKindSchema),
  sharing: SharingSchema.nullable(),
});
export type Consent = z.infer<typeof ConsentSchema>;

import type { RefusalFacts } from './refusal-codes';
import { z } from 'zod';
import type { FieldIssue } from './field-issues';
import { MoneySchema } from './money';
import {
  AddCardBodySchema,
  AgreementListSchema,
  FundingSchema,
  PasskeyAssertionSchema,
  PasskeyListSchema,
  PasskeyOptionsSchema,
  PasskeyRegistrationBodySchema,
  AutoLockBodySchema,
  AutoLockViewSchema,
  CardListSchema,
  ConnectionListSchema,
  ConversationSchema,
  DeviceListSchema,
  LinkCodeViewSchema,
  OrderMessageBodySchema,
  PinChangeBodySchema,
  PinSchema,
  RecoveryCodeViewSchema,
  StepUpBodySchema,
} from './api';
import { LinkCodeSchema, RecoveryCodeSchema } from './codes';
import { AddressBodySchema, ContactBodySchema, ShareChoiceSchema, ShareListSchema, SharingSchema } from './sharing';
import { ConsentSchema, type SignInResult } from './sign-in';
import { CheckoutViewSchema, FundingChoiceSchema, SheetSchema, type CheckoutResult } from './checkout';
import {
  AccountSchema,
  BalanceSchema,
  CardSchema,
  CouponSchema,
  OverviewSchema,
  TransactionPageSchema,
  TransactionSchema,
} from './wallet';

/** The raw text of a sign-in tag; the background parses it, the content script does not. */
const SignInTag = z.string().min(1, 'expected the sign-in tag (JSON)').max(1_024);
const Tag = z.string().min(1, 'expected the checkout tag (compact JWS)').max(16_384);

const PlatformUrlSchema = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

/**
 * Every message the extension understands. `from` says who may send it:
 * `ui` — the extension's own pages (popup, payment sheet); `content` — the content script in a top frame.
 */
export const messages = {
  'wallet.overview': {
    from: 'ui',
    request: z.object({ tabId: z.number().int().optional() }).strict(),
    reply: OverviewSchema,
  },
  'wallet.refresh': {
    from: 'ui',
    request: z.object({}).strict(),
    reply: z.object({ refreshedAt: z.string() }),
  },
  'wallet.create': {
    from: 'ui',
    request: z
      .object({
        pin: PinSchema,
        platformUrl: PlatformUrlSchema.optional(),
      })
      .strict(),
    reply: z.object({ account: AccountSchema, recoveryCode: z.string() }),
  },
  'wallet.unlock': {
    from: 'ui',
    request: z.object({ pin: PinSchema }).strict(),
    reply: z.object({ autoLockMinutes: z.number().int() }),
  },
  /** Forgot the PIN: the recovery code sets a new one on this browser, and unlocks it. */
  'wallet.resetPin': {
    from: 'ui',
    request: z.object({ recoveryCode: RecoveryCodeSchema, newPin: PinSchema }).strict(),
    reply: z.object({ autoLockMinutes: z.number().int() }),
  },
  'wallet.lock': {
    from: 'ui',
    request: z.object({}).strict(),
    reply: z.object({ locked: z.literal(true) }),
  },
  /** This browser joins a wallet it does not hold yet: the recovery code, or a link code from another device. */
  'wallet.join': {
    from: 'ui',
    request: z
      .object({
        recoveryCode: RecoveryCodeSchema.optional(),
        linkCode: LinkCodeSchema.optional(),
        pin: PinSchema,
        revokeOtherDevices: z.boolean().default(false),
        platformUrl: PlatformUrlSchema.optional(),
      })
      .strict()
      .refine((r) => Boolean(r.recoveryCode) !== Boolean(r.linkCode), {
        path: ['recoveryCode'],
        message: 'expected the recovery code or a link code (one of them)',
      }),
    reply: AccountSchema,
  },
  'devices.list': { from: 'ui', request: z.object({}).strict(), reply: DeviceListSchema },
  'devices.revoke': {
    from: 'ui',
    request: StepUpBodySchema.extend({ deviceId: z.string().min(1).max(100) }).strict(),
    reply: DeviceListSchema,
  },
  'devices.linkCode': { from: 'ui', request: StepUpBodySchema, reply: LinkCodeViewSchema },
  'recovery.renew': { from: 'ui', request: StepUpBodySchema, reply: RecoveryCodeViewSchema },
  'pin.change': { from: 'ui', request: PinChangeBodySchema, reply: z.object({ changed: z.literal(true) }) },
  'settings.autoLock': {
    from: 'ui',
    request: AutoLockBodySchema,
    reply: AutoLockViewSchema,
  },
  'cards.setDefault': {
    from: 'ui',
    request: z.object({ cardToken: z.string().min(1).max(100) }).strict(),
    reply: CardListSchema,
  },
  'cards.remove': {
    from: 'ui',
    request: z.object({ cardToken: z.string().min(1).max(100) }).strict(),
    reply: CardListSchema,
  },
  /** Every transaction the platform holds for the wallet, newest first: for the CSV export. */
  'transactions.export': {
    from: 'ui',
    request: z.object({}).strict(),
    reply: z.object({ items: z.array(TransactionSchema) }),
  },
  'settings.update': {
    from: 'ui',
    request: z
      .object({ passwordFreeLimit: MoneySchema, dailyFreeTotal: MoneySchema.optional(), pin: PinSchema.optional() })
      .strict(),
    reply: AccountSchema,
  },
  'transactions.page': {
    from: 'ui',
    request: z
      .object({
        cursor: z.string().max(200).optional(),
        limit: z.number().int().min(1, 'expected 1 to 100').max(100, 'expected 1 to 100').default(20),
      })
      .strict(),
    reply: TransactionPageSchema,
  },
  'merchant.page': {
    from: 'content',
    request: z.object({ merchantId: z.string().min(1).max(128) }).strict(),
    reply: z.object({ partner: z.boolean(), name: z.string().optional(), couponCount: z.number().int() }),
  },
  'cards.add': {
    from: 'ui',
    request: AddCardBodySchema,
    reply: CardSchema,
  },
  'balance.topup': {
    from: 'ui',
    request: z.object({ cardToken: z.string().min(1), amount: MoneySchema }).strict(),
    reply: z.object({ transaction: TransactionSchema, balance: BalanceSchema }),
  },
  'wallet.withdraw': {
    from: 'ui',
    request: z
      .object({
        holder: z.string().trim().min(1, 'expected the account holder').max(100),
        accountNumber: z.string().regex(/^\d{8,30}$/, 'expected 8 to 30 digits (sandbox bank)'),
        amount: MoneySchema,
        pin: PinSchema,
      })
      .strict(),
    reply: z.object({ transaction: TransactionSchema, balance: BalanceSchema }),
  },
  'coupons.claim': {
    from: 'ui',
    request: z.object({ campaignId: z.string().min(1) }).strict(),
    reply: CouponSchema,
  },
  'news.subscription': {
    from: 'ui',
    request: z.object({ merchantId: z.string().min(1), subscribed: z.boolean() }).strict(),
    reply: z.object({ subscribed: z.boolean() }),
  },
  'settings.newsAlerts': {
    from: 'ui',
    request: z.object({ on: z.boolean() }).strict(),
    reply: z.object({ newsAlerts: z.boolean() }),
  },
  /** Top-ups at or above this amount show a review before the card is charged; this browser's choice. */
  'settings.topUpReview': {
    from: 'ui',
    request: z.object({ above: MoneySchema }).strict(),
    reply: z.object({ topUpReviewAbove: MoneySchema }),
  },
  'inbox.markRead': {
    from: 'ui',
    request: z.object({}).strict(),
    reply: z.object({ unreadCount: z.number().int() }),
  },
  'escrow.confirm': {
    from: 'ui',
    request: z.object({ paymentId: z.string().min(1) }).strict(),
    reply: z.object({ state: z.string() }),
  },
  'escrow.requestRefund': {
    from: 'ui',
    request: z
      .object({ paymentId: z.string().min(1), reason: z.string().trim().min(1, 'expected a reason').max(500) })
      .strict(),
    reply: z.object({ state: z.string() }),
  },
  /** Accepts the agreement the sheet's tag offers (mode "agreement"), with the PIN, charged to `funding`. */
  'sheet.agree': {
    from: 'ui',
    request: z.object({ checkoutId: z.string().min(1), pin: PinSchema, funding: FundingSchema }).strict(),
    reply: SheetSchema,
  },
  /** Passkeys that unlock this wallet in place of the PIN (where the browser has WebAuthn in extension pages). */
  'passkey.options': { from: 'ui', request: StepUpBodySchema, reply: PasskeyOptionsSchema },
  /** The browser's answer to the options; the passkey is named after this browser ("Chrome on Linux"). */
  'passkey.register': {
    from: 'ui',
    request: z.object({ response: PasskeyRegistrationBodySchema.shape.response }).strict(),
    reply: PasskeyListSchema.extend({ thisBrowser: z.string().nullable() }),
  },
  /** Whether this browser may offer to unlock with a passkey (it added one). Asked while locked: no platform call. */
  'wallet.unlockMethods': { from: 'ui', request: z.object({}).strict(), reply: z.object({ passkey: z.boolean() }) },
  'passkey.list': {
    from: 'ui',
    request: z.object({}).strict(),
    reply: PasskeyListSchema.extend({ thisBrowser: z.string().nullable() }),
  },
  'passkey.remove': {
    from: 'ui',
    request: z.object({ passkeyId: z.string().min(1).max(1_024) }).strict(),
    reply: PasskeyListSchema.extend({ thisBrowser: z.string().nullable() }),
  },
  /** A fresh challenge for unlocking with this browser's passkey, or null when it has none. */
  'wallet.passkeyChallenge': {
    from: 'ui',
    request: z.object({}).strict(),
    reply: z.object({ challenge: z.string(), passkeyId: z.string() }).nullable(),
  },
  'wallet.unlockWithPasskey': {
    from: 'ui',
    request: z.object({ challenge: z.string().min(1).max(200), passkey: PasskeyAssertionSchema }).strict(),
    reply: z.object({ autoLockMinutes: z.number().int() }),
  },
  /** The wallet's addresses and contact, kept on the platform (sealed), edited in Settings. */
  'sharing.load': { from: 'ui', request: z.object({}).strict(), reply: SharingSchema },
  'sharing.addAddress': { from: 'ui', request: AddressBodySchema, reply: SharingSchema },
  'sharing.updateAddress': {
    from: 'ui',
    request: z.object({ addressId: z.string().min(1).max(100), address: AddressBodySchema }).strict(),
    reply: SharingSchema,
  },
  'sharing.removeAddress': {
    from: 'ui',
    request: z.object({ addressId: z.string().min(1).max(100) }).strict(),
    reply: SharingSchema,
  },
  /** Saves the contact email, or forgets it (`email: null`). */
  'sharing.contact': {
    from: 'ui',
    request: z.object({ email: ContactBodySchema.shape.email.nullable() }).strict(),
    reply: SharingSchema,
  },
  'shares.list': { from: 'ui', request: z.object({}).strict(), reply: ShareListSchema },
  'shares.revoke': {
    from: 'ui',
    request: z.object({ merchantId: z.string().min(1).max(128) }).strict(),
    reply: ShareListSchema,
  },
  'agreements.list': { from: 'ui', request: z.object({}).strict(), reply: AgreementListSchema },
  'agreements.cancel': {
    from: 'ui',
    request: z.object({ agreementId: z.string().min(1).max(100) }).strict(),
    reply: AgreementListSchema,
  },
  /** The wallet's conversation with the shop about one of its payments. */
  'conversation.load': {
    from: 'ui',
    request: z.object({ paymentId: z.string().min(1).max(100) }).strict(),
    reply: ConversationSchema,
  },
  'conversation.write': {
    from: 'ui',
    request: z
      .object({ paymentId: z.string().min(1).max(100) })
      .extend(OrderMessageBodySchema.shape)
      .strict(),
    reply: ConversationSchema,
  },
  'checkout.tag': {
    from: 'content',
    request: z.object({ tag: Tag }).strict(),
    /** The checkout, and the page button's words ("Pay ¥68.00 with Pouch") in the browser's language. */
    reply: CheckoutViewSchema.extend({ buttonLabel: z.string() }),
  },
  'checkout.pay': {
    from: 'content',
    request: z.object({ tag: Tag }).strict(),
    reply: z.object({ checkoutId: z.string() }),
  },
  'sheet.load': {
    from: 'ui',
    request: z.object({ checkoutId: z.string().min(1) }).strict(),
    reply: SheetSchema,
  },
  'sheet.pay': {
    from: 'ui',
    request: z
      .object({
        checkoutId: z.string().min(1),
        funding: FundingChoiceSchema,
        couponId: z.string().min(1).optional(),
        redeemPoints: z.number().int().positive('expected at least 1 point').optional(),
        subscribe: z.boolean().default(false),
        pin: PinSchema.optional(),
        share: ShareChoiceSchema.optional(),
      })
      .strict(),
    reply: SheetSchema,
  },
  'sign-in.tag': {
    from: 'content',
    request: z.object({ request: SignInTag }).strict(),
    reply: z.object({ merchantName: z.string(), nonce: z.string() }),
  },
  /** The page carries a sign-in tag: load the sign-in button's script into it. */
  'sign-in.button': {
    from: 'content',
    request: z.object({}).strict(),
    reply: z.object({ loaded: z.literal(true) }),
  },
  'sign-in.start': {
    from: 'content',
    request: z.object({ request: SignInTag }).strict(),
    reply: z.object({ signInId: z.string() }),
  },
  'sign-in.load': {
    from: 'ui',
    request: z.object({ signInId: z.string().min(1) }).strict(),
    reply: ConsentSchema,
  },
  'sign-in.approve': {
    from: 'ui',
    /** `share`: what the user chose to share of what the page asked (its `scope`). */
    request: z.object({ signInId: z.string().min(1), share: ShareChoiceSchema.optional() }).strict(),
    reply: ConsentSchema,
  },
  'connections.list': {
    from: 'ui',
    request: z.object({}).strict(),
    reply: ConnectionListSchema,
  },
  'connections.revoke': {
    from: 'ui',
    request: z.object({ merchantId: z.string().min(1) }).strict(),
    reply: ConnectionListSchema,
  },
} as const satisfies Record<string, { from: 'ui' | 'content'; request: z.ZodType; reply: z.ZodType }>;

export type MessageType = keyof typeof messages;
export type Request<T extends MessageType> = z.input<(typeof messages)[T]['request']>;
export type ParsedRequest<T extends MessageType> = z.output<(typeof messages)[T]['request']>;
export type Reply<T extends MessageType> = z.output<(typeof messages)[T]['reply']>;

export const ErrorCodeSchema = z.enum([
  'unknown_message',
  'invalid_request',
  'forbidden_sender',
  'no_wallet',
  'wallet_exists',
  /** No unlocked session: the PIN opens one (the popup's unlock screen, the sheet's PIN). */
  'wallet_locked',
  'checkout_refused',
  'checkout_not_found',
  'payment_refused',
  'sign_in_refused',
  'sign_in_not_found',
  'platform_unreachable',
  'platform_error',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export interface MessageError {
  code: ErrorCode;
  message: string;
  issues?: FieldIssue[];
  /** For checkout and payment refusals: the specific reason (`tag_expired`, `card_declined`, …). */
  reason?: string;
  /** The figures the reason's words need (tries left, minutes), from the platform. */
  facts?: RefusalFacts;
}
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: MessageError };

/** What the background tells a tab's content script: how its checkout or sign-in ended. */
export type PageResult = CheckoutResult | SignInResult;

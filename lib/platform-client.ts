import createClient from 'openapi-fetch';
import { z } from 'zod';
import type { Money } from '../protocol/money';
import type { RefusalFacts } from '../protocol/refusal-codes';
import { CardSchema, CouponSchema } from '../protocol/wallet';
import { AddressBodySchema, ShareListSchema, SharingSchema, type Sharing } from '../protocol/sharing';
import {
  AcceptAgreementBodySchema,
  AddCardBodySchema,
  AutoLockViewSchema,
  CardListSchema,
  CreateWalletBodySchema,
  DeviceListSchema,
  JoinedSchema,
  LinkBodySchema,
  LinkCodeViewSchema,
  PinChangeBodySchema,
  RecoverBodySchema,
  RecoveryCodeViewSchema,
  SessionBodySchema,
  PinResetBodySchema,
  ChallengeSchema,
  ConnectionListSchema,
  ConversationSchema,
  type Conversation,
  PasskeyListSchema,
  PasskeyOptionsSchema,
  PasskeyRegistrationBodySchema,
  AgreementListSchema,
  AgreementViewSchema,
  type AgreementView,
  LoginBodySchema,
  LoginResultSchema,
  CouponCampaignListSchema,
  InboxListSchema,
  LimitViewSchema,
  SubscriptionListSchema,
  WalletCouponListSchema,
  PaymentBodySchema,
  PaymentResultSchema,
  PaymentViewSchema,
  TopUpBodySchema,
  TopUpResultSchema,
  WithdrawalAccountBodySchema,
  WithdrawalAccountViewSchema,
  WithdrawalBodySchema,
  DirectorySchema,
  ProblemSchema,
  SessionSchema,
  TransactionListSchema,
  WalletCreatedSchema,
  WalletSnapshotSchema,
} from '../protocol/api';
import type { paths } from '../protocol/platform-api';

/** A platform reply that is not a success: `status` 0 means the platform could not be reached. */
export class PlatformError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: { field: string; expected: string }[],
    /** The figures in the platform's words (tries left, minutes), for the wallet's own words. */
    readonly facts?: RefusalFacts,
  ) {
    super(message);
  }
  get unreachable(): boolean {
    return this.status === 0;
  }
  /**
   * Whether the request's outcome is still open and the same idempotency key may finish it: the
   * platform was not reached, answered with a server error (a passing fault: 500, 502, 503, 504), or
   * is still working on the key. A payment or move stays pending then; anything else is an answer.
   */
  get undecided(): boolean {
    return this.unreachable || this.status >= 500 || this.code === 'idempotency_key_in_use';
  }
}

export interface DirectoryResult {
  etag: string | null;
  /** null when the platform answered 304: the cached directory is current. */
  partners: z.infer<typeof DirectorySchema>['partners'] | null;
}

/** A body carrying this browser's public key, as WebCrypto exports it. */
type WithDeviceKey<S extends z.ZodType> = Omit<z.input<S>, 'devicePublicKey'> & { devicePublicKey: JsonWebKey };

/** The bodies that carry a device key, as the API types them: WebCrypto's JsonWebKey is checked by the platform. */
type BodyOf<P extends keyof paths> = paths[P] extends {
  post: { requestBody: { content: { 'application/json': infer B } } };
}
  ? B
  : never;
type DeviceKeyBody = BodyOf<'/v1/wallets'>;
type Joining = BodyOf<'/v1/wallets/recover'>;
type Linking = BodyOf<'/v1/devices/link'>;

/** Everything the extension asks of the platform, behind one interface so tests can stand in for it. */
type PasskeyList = z.infer<typeof PasskeyListSchema>;

export interface PlatformClient {
  createWallet(body: WithDeviceKey<typeof CreateWalletBodySchema>): Promise<z.infer<typeof WalletCreatedSchema>>;
  /** A browser joins a wallet: with the recovery code and the PIN, or a link code and the PIN. */
  recover(body: WithDeviceKey<typeof RecoverBodySchema>): Promise<z.infer<typeof JoinedSchema>>;
  link(body: WithDeviceKey<typeof LinkBodySchema>): Promise<z.infer<typeof JoinedSchema>>;
  challenge(walletId: string): Promise<z.infer<typeof ChallengeSchema>>;
  /** Unlocks: the signed challenge and the PIN. */
  session(body: z.input<typeof SessionBodySchema>): Promise<z.infer<typeof SessionSchema>>;
  /** Forgot the PIN: the signed challenge and the recovery code set a new one, and unlock. */
  resetPin(body: z.input<typeof PinResetBodySchema>): Promise<z.infer<typeof SessionSchema>>;
  /** Locks: ends the session on the platform. */
  endSession(token: string): Promise<unknown>;
  devices(token: string): Promise<z.infer<typeof DeviceListSchema>>;
  revokeDevice(token: string, deviceId: string, pin?: string): Promise<z.infer<typeof DeviceListSchema>>;
  linkCode(token: string, pin?: string): Promise<z.infer<typeof LinkCodeViewSchema>>;
  renewRecoveryCode(token: string, pin?: string): Promise<z.infer<typeof RecoveryCodeViewSchema>>;
  changePin(token: string, body: z.input<typeof PinChangeBodySchema>): Promise<unknown>;
  setAutoLock(token: string, minutes: number): Promise<{ autoLockMinutes: number }>;
  setDefaultCard(token: string, cardToken: string): Promise<{ items: z.infer<typeof CardSchema>[] }>;
  removeCard(token: string, cardToken: string): Promise<{ items: z.infer<typeof CardSchema>[] }>;
  wallet(token: string): Promise<z.infer<typeof WalletSnapshotSchema>>;
  transactions(
    token: string,
    query: { cursor?: string; limit: number },
  ): Promise<z.infer<typeof TransactionListSchema>>;
  /** Raising the limit takes the PIN (or one this session proved in the last five minutes). */
  setPasswordFreeLimit(
    token: string,
    limit: Money,
    options?: { pin?: string; dailyFreeTotal?: Money },
  ): Promise<z.infer<typeof LimitViewSchema>>;
  addCard(token: string, card: z.input<typeof AddCardBodySchema>): Promise<z.infer<typeof CardSchema>>;
  topUp(
    token: string,
    idempotencyKey: string,
    body: z.input<typeof TopUpBodySchema>,
  ): Promise<z.infer<typeof TopUpResultSchema>>;
  /** Where withdrawals go; takes the PIN. */
  setWithdrawalAccount(
    token: string,
    body: z.input<typeof WithdrawalAccountBodySchema>,
  ): Promise<z.infer<typeof WithdrawalAccountViewSchema>>;
  withdraw(
    token: string,
    idempotencyKey: string,
    body: z.input<typeof WithdrawalBodySchema>,
  ): Promise<z.infer<typeof TopUpResultSchema>>;
  pay(
    token: string,
    idempotencyKey: string,
    body: z.input<typeof PaymentBodySchema>,
  ): Promise<z.infer<typeof PaymentResultSchema>>;
  coupons(token: string): Promise<z.infer<typeof WalletCouponListSchema>>;
  claimCoupon(token: string, campaignId: string): Promise<z.infer<typeof CouponSchema>>;
  offers(): Promise<z.infer<typeof CouponCampaignListSchema>>;
  messages(token: string): Promise<z.infer<typeof InboxListSchema>>;
  subscriptions(token: string): Promise<z.infer<typeof SubscriptionListSchema>>;
  setSubscription(
    token: string,
    merchantId: string,
    subscribed: boolean,
  ): Promise<z.infer<typeof SubscriptionListSchema>>;
  confirmReceipt(token: string, paymentId: string): Promise<z.infer<typeof PaymentViewSchema>>;
  requestRefund(token: string, paymentId: string, reason: string): Promise<z.infer<typeof PaymentViewSchema>>;
  conversation(token: string, paymentId: string): Promise<Conversation>;
  acceptAgreement(token: string, body: z.input<typeof AcceptAgreementBodySchema>): Promise<AgreementView>;
  passkeyOptions(token: string, pin?: string): Promise<z.infer<typeof PasskeyOptionsSchema>>;
  addPasskey(token: string, body: z.input<typeof PasskeyRegistrationBodySchema>): Promise<PasskeyList>;
  passkeys(token: string): Promise<PasskeyList>;
  removePasskey(token: string, passkeyId: string): Promise<PasskeyList>;
  sharing(token: string): Promise<Sharing>;
  addAddress(token: string, address: z.input<typeof AddressBodySchema>): Promise<Sharing>;
  updateAddress(token: string, id: string, address: z.input<typeof AddressBodySchema>): Promise<Sharing>;
  removeAddress(token: string, id: string): Promise<Sharing>;
  setContact(token: string, email: string | null): Promise<Sharing>;
  shares(token: string): Promise<z.infer<typeof ShareListSchema>>;
  revokeShares(token: string, merchantId: string): Promise<z.infer<typeof ShareListSchema>>;
  agreements(token: string): Promise<z.infer<typeof AgreementListSchema>>;
  cancelAgreement(token: string, agreementId: string): Promise<AgreementView>;
  writeToShop(token: string, paymentId: string, text: string): Promise<Conversation>;
  directory(etag: string | null): Promise<DirectoryResult>;
  signIn(token: string, body: z.input<typeof LoginBodySchema>): Promise<z.infer<typeof LoginResultSchema>>;
  connections(token: string): Promise<z.infer<typeof ConnectionListSchema>>;
  revokeConnection(token: string, merchantId: string): Promise<z.infer<typeof ConnectionListSchema>>;
}

const TIMEOUT_MS = 10_000;

/** The body of a step-up: the PIN when the user typed one, else nothing (one proved in the last minutes counts). */
const stepUp = (pin: string | undefined) => (pin ? { pin } : {});

const isJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/**
 * The platform's reply, read whole before anything parses it. A reply cut off on the way, or a
 * gateway's error page, means the platform may have done the work: the outcome is unknown, as when it
 * did not answer at all (a retry with the same key then finds out). A success that is not JSON is an
 * answer nobody can use.
 */
function wholeReplies(baseUrl: string, fetcher: typeof fetch) {
  return async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    let response: Response;
    try {
      response = await fetcher(request, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (cause) {
      throw new PlatformError(0, 'platform_unreachable', `The platform at ${baseUrl} did not answer: ${String(cause)}`);
    }
    const text = await response.text().catch(() => null);
    if (text === null || (response.status >= 502 && response.status <= 504))
      throw new PlatformError(0, 'platform_unreachable', `The reply from ${path} did not arrive whole.`);
    if (response.ok && text && !isJson(text))
      throw new PlatformError(response.status, 'platform_error', `Unexpected reply from ${path}`);
    const empty = response.status === 204 || response.status === 304;
    const whole = new Response(empty ? null : text, { status: response.status, headers: response.headers });
    // A constructed Response has no URL of its own; the refusal messages name the path.
    return Object.defineProperty(whole, 'url', { value: request.url });
  };
}

type Reply = { data?: unknown; error?: unknown; response: Response };

/** A success as `schema` reads it, or the platform's refusal as a PlatformError. */
async function answer<S extends z.ZodType>(schema: S, reply: Promise<Reply>): Promise<z.infer<S>> {
  const { data, error, response } = await reply;
  const path = new URL(response.url).pathname;
  if (!response.ok) {
    const problem = ProblemSchema.safeParse(error);
    if (problem.success) {
      const { status, code, detail, title, issues, facts } = problem.data;
      throw new PlatformError(status, code, detail ?? title, issues, facts);
    }
    throw new PlatformError(response.status, 'platform_error', `The platform answered ${response.status}`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new PlatformError(response.status, 'platform_error', `Unexpected reply from ${path}`);
  return parsed.data;
}

/**
 * The platform over HTTP, typed by the operations in its own OpenAPI document (protocol/platform-api.ts,
 * generated): a path, parameter or body that no longer matches the platform fails the build. Replies
 * are still checked against the protocol's schemas at run time: the extension trusts no reply's shape.
 */
export function httpPlatformClient(baseUrl: string, fetcher: typeof fetch = fetch): PlatformClient {
  const api = createClient<paths>({ baseUrl, fetch: wholeReplies(baseUrl, fetcher) });
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  /** An idempotent operation: the key is a header its operation declares, so the types require it. */
  const keyed = (token: string, key: string) => ({
    params: { header: { 'idempotency-key': key } },
    headers: auth(token),
  });
  const id = (value: string) => ({ path: { id: value } });
  const shop = (merchantId: string) => ({ path: { merchantId } });

  return {
    createWallet: (body) => answer(WalletCreatedSchema, api.POST('/v1/wallets', { body: body as DeviceKeyBody })),
    challenge: (walletId) => answer(ChallengeSchema, api.POST('/v1/sessions/challenge', { body: { walletId } })),
    recover: (body) => answer(JoinedSchema, api.POST('/v1/wallets/recover', { body: body as Joining })),
    link: (body) => answer(JoinedSchema, api.POST('/v1/devices/link', { body: body as Linking })),
    session: (body) => answer(SessionSchema, api.POST('/v1/sessions', { body })),
    resetPin: (body) => answer(SessionSchema, api.POST('/v1/sessions/pin-reset', { body })),
    endSession: (token) => answer(z.unknown(), api.DELETE('/v1/wallet/session', { headers: auth(token) })),
    devices: (token) => answer(DeviceListSchema, api.GET('/v1/wallet/devices', { headers: auth(token) })),
    revokeDevice: (token, deviceId, pin) =>
      answer(
        DeviceListSchema,
        api.POST('/v1/wallet/devices/{id}/revoke', { params: id(deviceId), headers: auth(token), body: stepUp(pin) }),
      ),
    linkCode: (token, pin) =>
      answer(LinkCodeViewSchema, api.POST('/v1/wallet/link-codes', { headers: auth(token), body: stepUp(pin) })),
    renewRecoveryCode: (token, pin) =>
      answer(RecoveryCodeViewSchema, api.POST('/v1/wallet/recovery-code', { headers: auth(token), body: stepUp(pin) })),
    changePin: (token, body) => answer(z.unknown(), api.PUT('/v1/wallet/pin', { headers: auth(token), body })),
    setAutoLock: (token, minutes) =>
      answer(AutoLockViewSchema, api.PUT('/v1/wallet/auto-lock', { headers: auth(token), body: { minutes } })),
    setDefaultCard: (token, cardToken) =>
      answer(CardListSchema, api.PUT('/v1/wallet/cards/{id}/default', { params: id(cardToken), headers: auth(token) })),
    removeCard: (token, cardToken) =>
      answer(CardListSchema, api.DELETE('/v1/wallet/cards/{id}', { params: id(cardToken), headers: auth(token) })),
    wallet: (token) => answer(WalletSnapshotSchema, api.GET('/v1/wallet', { headers: auth(token) })),
    transactions: (token, query) =>
      answer(TransactionListSchema, api.GET('/v1/wallet/transactions', { params: { query }, headers: auth(token) })),
    setPasswordFreeLimit: (token, passwordFreeLimit, options = {}) =>
      answer(
        LimitViewSchema,
        api.PUT('/v1/wallet/limit', { headers: auth(token), body: { passwordFreeLimit, ...options } }),
      ),
    addCard: (token, card) => answer(CardSchema, api.POST('/v1/wallet/cards', { headers: auth(token), body: card })),
    topUp: (token, key, body) =>
      answer(TopUpResultSchema, api.POST('/v1/wallet/topups', { ...keyed(token, key), body })),
    setWithdrawalAccount: (token, body) =>
      answer(WithdrawalAccountViewSchema, api.PUT('/v1/wallet/withdrawal-account', { headers: auth(token), body })),
    withdraw: (token, key, body) =>
      answer(TopUpResultSchema, api.POST('/v1/wallet/withdrawals', { ...keyed(token, key), body })),
    pay: (token, key, body) => answer(PaymentResultSchema, api.POST('/v1/payments', { ...keyed(token, key), body })),
    coupons: (token) => answer(WalletCouponListSchema, api.GET('/v1/wallet/coupons', { headers: auth(token) })),
    claimCoupon: (token, campaignId) =>
      answer(CouponSchema, api.POST('/v1/wallet/coupons', { headers: auth(token), body: { campaignId } })),
    offers: () => answer(CouponCampaignListSchema, api.GET('/v1/offers')),
    messages: (token) => answer(InboxListSchema, api.GET('/v1/wallet/messages', { headers: auth(token) })),
    subscriptions: (token) =>
      answer(SubscriptionListSchema, api.GET('/v1/wallet/subscriptions', { headers: auth(token) })),
    setSubscription: (token, merchantId, subscribed) =>
      answer(
        SubscriptionListSchema,
        subscribed
          ? api.POST('/v1/wallet/subscriptions', { headers: auth(token), body: { merchantId } })
          : api.DELETE('/v1/wallet/subscriptions/{merchantId}', { params: shop(merchantId), headers: auth(token) }),
      ),
    confirmReceipt: (token, paymentId) =>
      answer(
        PaymentViewSchema,
        api.POST('/v1/wallet/payments/{id}/confirm', { params: id(paymentId), headers: auth(token) }),
      ),
    requestRefund: (token, paymentId, reason) =>
      answer(
        PaymentViewSchema,
        api.POST('/v1/wallet/payments/{id}/refund-request', {
          params: id(paymentId),
          headers: auth(token),
          body: { reason },
        }),
      ),
    passkeyOptions: (token, pin) =>
      answer(
        PasskeyOptionsSchema,
        api.POST('/v1/wallet/passkeys/options', { headers: auth(token), body: stepUp(pin) }),
      ),
    addPasskey: (token, body) =>
      answer(PasskeyListSchema, api.POST('/v1/wallet/passkeys', { headers: auth(token), body: body as never })),
    passkeys: (token) => answer(PasskeyListSchema, api.GET('/v1/wallet/passkeys', { headers: auth(token) })),
    removePasskey: (token, passkeyId) =>
      answer(
        PasskeyListSchema,
        api.DELETE('/v1/wallet/passkeys/{id}', { params: id(passkeyId), headers: auth(token) }),
      ),
    sharing: (token) => answer(SharingSchema, api.GET('/v1/wallet/sharing', { headers: auth(token) })),
    addAddress: (token, address) =>
      answer(SharingSchema, api.POST('/v1/wallet/addresses', { headers: auth(token), body: address })),
    updateAddress: (token, addressId, address) =>
      answer(
        SharingSchema,
        api.PUT('/v1/wallet/addresses/{id}', { params: id(addressId), headers: auth(token), body: address }),
      ),
    removeAddress: (token, addressId) =>
      answer(SharingSchema, api.DELETE('/v1/wallet/addresses/{id}', { params: id(addressId), headers: auth(token) })),
    setContact: (token, email) =>
      answer(
        SharingSchema,
        email === null
          ? api.DELETE('/v1/wallet/contact', { headers: auth(token) })
          : api.PUT('/v1/wallet/contact', { headers: auth(token), body: { email } }),
      ),
    shares: (token) => answer(ShareListSchema, api.GET('/v1/wallet/shares', { headers: auth(token) })),
    revokeShares: (token, merchantId) =>
      answer(
        ShareListSchema,
        api.POST('/v1/wallet/shares/{merchantId}/revoke', { params: { path: { merchantId } }, headers: auth(token) }),
      ),
    acceptAgreement: (token, body) =>
      answer(AgreementViewSchema, api.POST('/v1/wallet/agreements', { headers: auth(token), body })),
    agreements: (token) => answer(AgreementListSchema, api.GET('/v1/wallet/agreements', { headers: auth(token) })),
    cancelAgreement: (token, agreementId) =>
      answer(
        AgreementViewSchema,
        api.POST('/v1/wallet/agreements/{id}/cancel', { params: id(agreementId), headers: auth(token) }),
      ),
    conversation: (token, paymentId) =>
      answer(
        ConversationSchema,
        api.GET('/v1/wallet/payments/{id}/messages', { params: id(paymentId), headers: auth(token) }),
      ),
    writeToShop: (token, paymentId, text) =>
      answer(
        ConversationSchema,
        api.POST('/v1/wallet/payments/{id}/messages', { params: id(paymentId), headers: auth(token), body: { text } }),
      ),
    signIn: (token, body) => answer(LoginResultSchema, api.POST('/v1/wallet/logins', { headers: auth(token), body })),
    connections: (token) => answer(ConnectionListSchema, api.GET('/v1/wallet/connections', { headers: auth(token) })),
    revokeConnection: (token, merchantId) =>
      answer(
        ConnectionListSchema,
        api.DELETE('/v1/wallet/connections/{merchantId}', { params: shop(merchantId), headers: auth(token) }),
      ),
    async directory(etag) {
      const reply = api.GET('/v1/directory', { headers: etag ? { 'if-none-match': etag } : {} });
      const { response } = await reply;
      if (response.status === 304) return { etag, partners: null };
      const { partners } = await answer(DirectorySchema, reply);
      return { etag: response.headers.get('etag'), partners };
    },
  };
}

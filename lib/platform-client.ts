import { z } from 'zod';
import type { Money } from '../protocol/money';
import { CardSchema, CouponSchema } from '../protocol/wallet';
import {
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
  ChallengeSchema,
  ConnectionListSchema,
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

/** A platform reply that is not a success: `status` 0 means the platform could not be reached. */
export class PlatformError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: { field: string; expected: string }[],
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

/** Everything the extension asks of the platform, behind one interface so tests can stand in for it. */
export interface PlatformClient {
  createWallet(body: WithDeviceKey<typeof CreateWalletBodySchema>): Promise<z.infer<typeof WalletCreatedSchema>>;
  /** A browser joins a wallet: with the recovery code and the PIN, or a link code and the PIN. */
  recover(body: WithDeviceKey<typeof RecoverBodySchema>): Promise<z.infer<typeof JoinedSchema>>;
  link(body: WithDeviceKey<typeof LinkBodySchema>): Promise<z.infer<typeof JoinedSchema>>;
  challenge(walletId: string): Promise<z.infer<typeof ChallengeSchema>>;
  /** Unlocks: the signed challenge and the PIN. */
  session(body: z.input<typeof SessionBodySchema>): Promise<z.infer<typeof SessionSchema>>;
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
  directory(etag: string | null): Promise<DirectoryResult>;
  signIn(token: string, body: z.input<typeof LoginBodySchema>): Promise<z.infer<typeof LoginResultSchema>>;
  connections(token: string): Promise<z.infer<typeof ConnectionListSchema>>;
  revokeConnection(token: string, merchantId: string): Promise<z.infer<typeof ConnectionListSchema>>;
}

const TIMEOUT_MS = 10_000;

/** The body of a step-up: the PIN when the user typed one, else nothing (one proved in the last minutes counts). */
const stepUp = (pin: string | undefined) => JSON.stringify(pin ? { pin } : {});

export function httpPlatformClient(baseUrl: string, fetcher: typeof fetch = fetch): PlatformClient {
  async function send(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (init.body) headers.set('content-type', 'application/json');
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    try {
      return await fetcher(new URL(path, baseUrl), { ...init, headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (cause) {
      throw new PlatformError(0, 'platform_unreachable', `The platform at ${baseUrl} did not answer: ${String(cause)}`);
    }
  }

  async function read<S extends z.ZodType>(schema: S, path: string, response: Response): Promise<z.infer<S>> {
    const text = await response.text().catch(() => null);
    // A reply cut off on the way, or a gateway's error page: the platform may have done the work, so the
    // outcome is unknown — as when it did not answer at all (a retry with the same key then finds out).
    if (text === null || (response.status >= 502 && response.status <= 504))
      throw new PlatformError(0, 'platform_unreachable', `The reply from ${path} did not arrive whole.`);
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: judged below by the status
    }
    if (!response.ok) {
      const problem = ProblemSchema.safeParse(body);
      if (problem.success) {
        const { status, code, detail, title, issues } = problem.data;
        throw new PlatformError(status, code, detail ?? title, issues);
      }
      throw new PlatformError(response.status, 'platform_error', `The platform answered ${response.status}`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new PlatformError(response.status, 'platform_error', `Unexpected reply from ${path}`);
    return parsed.data;
  }

  const call = async <S extends z.ZodType>(schema: S, path: string, init: RequestInit & { token?: string } = {}) =>
    read(schema, path, await send(path, init));

  return {
    createWallet: (body) => call(WalletCreatedSchema, '/v1/wallets', { method: 'POST', body: JSON.stringify(body) }),
    challenge: (walletId) =>
      call(ChallengeSchema, '/v1/sessions/challenge', { method: 'POST', body: JSON.stringify({ walletId }) }),
    recover: (body) => call(JoinedSchema, '/v1/wallets/recover', { method: 'POST', body: JSON.stringify(body) }),
    link: (body) => call(JoinedSchema, '/v1/devices/link', { method: 'POST', body: JSON.stringify(body) }),
    session: (body) => call(SessionSchema, '/v1/sessions', { method: 'POST', body: JSON.stringify(body) }),
    endSession: (token) => call(z.unknown(), '/v1/wallet/session', { method: 'DELETE', token }),
    devices: (token) => call(DeviceListSchema, '/v1/wallet/devices', { token }),
    revokeDevice: (token, deviceId, pin) =>
      call(DeviceListSchema, `/v1/wallet/devices/${encodeURIComponent(deviceId)}/revoke`, {
        method: 'POST',
        token,
        body: stepUp(pin),
      }),
    linkCode: (token, pin) =>
      call(LinkCodeViewSchema, '/v1/wallet/link-codes', {
        method: 'POST',
        token,
        body: stepUp(pin),
      }),
    renewRecoveryCode: (token, pin) =>
      call(RecoveryCodeViewSchema, '/v1/wallet/recovery-code', {
        method: 'POST',
        token,
        body: stepUp(pin),
      }),
    changePin: (token, body) =>
      call(z.unknown(), '/v1/wallet/pin', { method: 'PUT', token, body: JSON.stringify(body) }),
    setAutoLock: (token, minutes) =>
      call(AutoLockViewSchema, '/v1/wallet/auto-lock', { method: 'PUT', token, body: JSON.stringify({ minutes }) }),
    setDefaultCard: (token, cardToken) =>
      call(CardListSchema, `/v1/wallet/cards/${encodeURIComponent(cardToken)}/default`, { method: 'PUT', token }),
    removeCard: (token, cardToken) =>
      call(CardListSchema, `/v1/wallet/cards/${encodeURIComponent(cardToken)}`, { method: 'DELETE', token }),
    wallet: (token) => call(WalletSnapshotSchema, '/v1/wallet', { token }),
    transactions: (token, { cursor, limit }) => {
      const query = new URLSearchParams({ limit: String(limit) });
      if (cursor) query.set('cursor', cursor);
      return call(TransactionListSchema, `/v1/wallet/transactions?${query}`, { token });
    },
    setPasswordFreeLimit: (token, passwordFreeLimit, options = {}) =>
      call(LimitViewSchema, '/v1/wallet/limit', {
        method: 'PUT',
        token,
        body: JSON.stringify({ passwordFreeLimit, ...options }),
      }),
    addCard: (token, card) =>
      call(CardSchema, '/v1/wallet/cards', { method: 'POST', token, body: JSON.stringify(card) }),
    topUp: (token, idempotencyKey, body) =>
      call(TopUpResultSchema, '/v1/wallet/topups', {
        method: 'POST',
        token,
        headers: { 'idempotency-key': idempotencyKey },
        body: JSON.stringify(body),
      }),
    setWithdrawalAccount: (token, body) =>
      call(WithdrawalAccountViewSchema, '/v1/wallet/withdrawal-account', {
        method: 'PUT',
        token,
        body: JSON.stringify(body),
      }),
    withdraw: (token, idempotencyKey, body) =>
      call(TopUpResultSchema, '/v1/wallet/withdrawals', {
        method: 'POST',
        token,
        headers: { 'idempotency-key': idempotencyKey },
        body: JSON.stringify(body),
      }),
    pay: (token, idempotencyKey, body) =>
      call(PaymentResultSchema, '/v1/payments', {
        method: 'POST',
        token,
        headers: { 'idempotency-key': idempotencyKey },
        body: JSON.stringify(body),
      }),
    coupons: (token) => call(WalletCouponListSchema, '/v1/wallet/coupons', { token }),
    claimCoupon: (token, campaignId) =>
      call(CouponSchema, '/v1/wallet/coupons', { method: 'POST', token, body: JSON.stringify({ campaignId }) }),
    offers: () => call(CouponCampaignListSchema, '/v1/offers'),
    messages: (token) => call(InboxListSchema, '/v1/wallet/messages', { token }),
    subscriptions: (token) => call(SubscriptionListSchema, '/v1/wallet/subscriptions', { token }),
    setSubscription: (token, merchantId, subscribed) =>
      subscribed
        ? call(SubscriptionListSchema, '/v1/wallet/subscriptions', {
            method: 'POST',
            token,
            body: JSON.stringify({ merchantId }),
          })
        : call(SubscriptionListSchema, `/v1/wallet/subscriptions/${encodeURIComponent(merchantId)}`, {
            method: 'DELETE',
            token,
          }),
    confirmReceipt: (token, paymentId) =>
      call(PaymentViewSchema, `/v1/wallet/payments/${encodeURIComponent(paymentId)}/confirm`, {
        method: 'POST',
        token,
      }),
    requestRefund: (token, paymentId, reason) =>
      call(PaymentViewSchema, `/v1/wallet/payments/${encodeURIComponent(paymentId)}/refund-request`, {
        method: 'POST',
        token,
        body: JSON.stringify({ reason }),
      }),
    signIn: (token, body) =>
      call(LoginResultSchema, '/v1/wallet/logins', { method: 'POST', token, body: JSON.stringify(body) }),
    connections: (token) => call(ConnectionListSchema, '/v1/wallet/connections', { token }),
    revokeConnection: (token, merchantId) =>
      call(ConnectionListSchema, `/v1/wallet/connections/${encodeURIComponent(merchantId)}`, {
        method: 'DELETE',
        token,
      }),
    async directory(etag) {
      const response = await send('/v1/directory', { headers: etag ? { 'if-none-match': etag } : {} });
      if (response.status === 304) return { etag, partners: null };
      const { partners } = await read(DirectorySchema, '/v1/directory', response);
      return { etag: response.headers.get('etag'), partners };
    },
  };
}

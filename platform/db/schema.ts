import type { Generated, JSONColumnType } from 'kysely';

/** Amounts are bigint columns read as JS numbers (minor units stay below 2^53; see connect.ts). */
type Minor = number;
type Timestamp = Date;

export interface WalletsTable {
  id: string;
  pin_hash: string;
  pin_failures: Generated<number>;
  pin_locked_until: Timestamp | null;
  password_free_limit: Minor;
  /** Password-free payments a UTC day, in the limit's currency. */
  daily_free_total: Generated<Minor>;
  /** Where withdrawals go (a sandbox bank account): holder and last four digits only. */
  withdrawal_holder: string | null;
  withdrawal_last4: string | null;
  limit_currency: string;
  /** The recovery code's first part, which finds the wallet; the rest is kept only as a slow hash. */
  recovery_lookup: string | null;
  recovery_hash: string | null;
  /** The contact email the shopper shares with shops it chooses, sealed. */
  contact_sealed: string | null;
  created_at: Generated<Timestamp>;
}

/** A passkey that unlocks the wallet (WebAuthn): its public key (COSE, base64url), counter, RP ID and origin. */
export interface PasskeysTable {
  id: string;
  wallet_id: string;
  public_key: string;
  counter: number;
  rp_id: string;
  origin: string;
  name: string;
  created_at: Generated<Timestamp>;
  last_used_at: Timestamp | null;
}

/** A passkey registration under way: its challenge, for one wallet, until it expires. */
export interface PasskeyChallengesTable {
  challenge: string;
  wallet_id: string;
  expires_at: Timestamp;
}

/** A delivery address the shopper keeps, sealed (the JSON of protocol/sharing.ts's Address). */
export interface WalletAddressesTable {
  id: string;
  wallet_id: string;
  sealed: string;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

/** A sign-in whose ID token carried shared details: which kinds (comma-separated), to which shop. */
export interface LoginSharesTable {
  id: string;
  wallet_id: string;
  merchant_id: string;
  kinds: string;
  created_at: Generated<Timestamp>;
}

/** A shop the shopper stopped sharing with: its copies of what it was given are no longer served. */
export interface ShareRevocationsTable {
  wallet_id: string;
  merchant_id: string;
  revoked_at: Generated<Timestamp>;
}

/** A browser holding the wallet: its device key signs session challenges. */
export interface DevicesTable {
  id: string;
  wallet_id: string;
  public_jwk: JSONColumnType<JsonWebKey>;
  name: string;
  auto_lock_minutes: Generated<number>;
  created_at: Generated<Timestamp>;
  last_used_at: Generated<Timestamp>;
  revoked_at: Timestamp | null;
}

export interface LinkCodesTable {
  code_hash: string;
  wallet_id: string;
  expires_at: Timestamp;
}

export interface ChallengesTable {
  challenge: string;
  wallet_id: string;
  expires_at: Timestamp;
}

export interface SessionsTable {
  token_hash: string;
  wallet_id: string;
  device_id: string;
  expires_at: Timestamp;
  /** Extended by each use; past it the session has sat idle longer than the device's auto-lock time. */
  idle_until: Timestamp;
  pin_verified_at: Timestamp | null;
}

export interface CardsTable {
  token: string;
  wallet_id: string;
  network_token: string;
  brand: string;
  first6: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  holder: string;
  is_default: boolean;
  created_at: Generated<Timestamp>;
  /** Removed by the user: kept for the records that name it, no longer shown or usable. */
  removed_at: Timestamp | null;
}

/** A ledger account. Only external accounts (the card network's clearing) may go below zero. */
export interface AccountsTable {
  id: string;
  owner_id: string;
  kind: 'wallet' | 'merchant_pending' | 'merchant_available' | 'escrow' | 'card_clearing' | 'bank_payouts';
  currency: string;
  balance: Generated<Minor>;
  allow_negative: boolean;
}

/** A posting to a shared account that its balance row does not include yet: rolled up later, under the row's lock. */
export interface PostingBacklogTable {
  posting_id: number;
  account_id: string;
  amount: Minor;
}

/** One business operation: a top-up, a payment, a refund. Its postings sum to zero per currency. */
export interface TransfersTable {
  id: string;
  kind: 'topup' | 'payment' | 'refund' | 'release' | 'settlement' | 'payout' | 'withdrawal';
  wallet_id: string | null;
  merchant_id: string | null;
  payment_id: string | null;
  title: string;
  amount: Minor;
  currency: string;
  /** Top-ups, withdrawals and payouts: the last four digits of the card or bank account on the other side. */
  counterparty_last4: string | null;
  created_at: Generated<Timestamp>;
}

export interface PostingsTable {
  /** bigserial, read as a number like every bigint (connect.ts). */
  id: Generated<number>;
  transfer_id: string;
  account_id: string;
  amount: Minor;
  currency: string;
  created_at: Generated<Timestamp>;
}

export interface MerchantsTable {
  id: string;
  name: string;
  category: string;
  logo: string | null;
  webhook_url: string;
  /** Sealed (platform/crypto/secret-box.ts). */
  webhook_secret: string;
  api_key_hash: string;
  previous_api_key_hash: string | null;
  previous_api_key_until: Timestamp | null;
  previous_webhook_secret: string | null;
  previous_webhook_secret_until: Timestamp | null;
  created_at: Generated<Timestamp>;
}

export interface MerchantOriginsTable {
  merchant_id: string;
  origin: string;
  status: 'pending' | 'verified';
  /** What the merchant's verification file must carry. */
  token: string;
  verified_at: Timestamp | null;
  checked_at: Timestamp | null;
  /** Why the last check failed, in the platform's words. */
  last_error: string | null;
  created_at: Generated<Timestamp>;
}

export interface MerchantKeysTable {
  kid: string;
  merchant_id: string;
  public_jwk: JSONColumnType<JsonWebKey>;
  created_at: Generated<Timestamp>;
}

export interface PaymentsTable {
  id: string;
  wallet_id: string;
  merchant_id: string;
  order_id: string;
  label: string;
  amount: Minor;
  refunded_amount: Generated<Minor>;
  currency: string;
  funding: 'balance' | 'card';
  card_token: string | null;
  card_charge_id: string | null;
  discount: Generated<Minor>;
  coupon_id: string | null;
  points_earned: Generated<number>;
  points_redeemed: Generated<number>;
  points_discount: Generated<Minor>;
  escrow_state: 'held' | 'refund_requested' | 'released' | 'refunded' | null;
  release_after: Timestamp | null;
  refund_request_reason: string | null;
  /** The shop's words when it declined the buyer's last refund request; cleared by a new request. */
  refund_decline_message: string | null;
  status: 'succeeded' | 'partially_refunded' | 'refunded';
  tag_jti: string;
  /** Whether the PIN authorised it; the others count against the daily password-free total. */
  pin_used: Generated<boolean>;
  receipt: string;
  /** The password-free agreement this payment was charged under, if the shop charged it through one. */
  agreement_id: string | null;
  /** What the shopper shared with the shop on this payment (address, contact), sealed; null when nothing. */
  shared_sealed: string | null;
  created_at: Generated<Timestamp>;
}

/** A shopper's password-free agreement with a shop: up to `cap` each `period` until `ends_at`. */
export interface AgreementsTable {
  id: string;
  wallet_id: string;
  merchant_id: string;
  /** The shop's own reference for it (the tag's orderId). */
  reference: string;
  description: string;
  cap: Minor;
  currency: string;
  period: 'week' | 'month' | 'year';
  ends_at: Timestamp;
  tag_jti: string;
  created_at: Generated<Timestamp>;
  cancelled_at: Timestamp | null;
  cancelled_by: 'shopper' | 'shop' | null;
  /** The card the shopper chose to be charged; null for the Pouch balance. */
  card_token: string | null;
}

export interface RefundsTable {
  id: string;
  payment_id: string;
  amount: Minor;
  currency: string;
  reason: string | null;
  created_at: Generated<Timestamp>;
}

export interface UsedTagsTable {
  merchant_id: string;
  jti: string;
  expires_at: Timestamp;
}

export interface IdempotencyTable {
  scope: string;
  key: string;
  request_hash: string;
  status: number;
  response: JSONColumnType<object>;
  created_at: Generated<Timestamp>;
}

export interface WebhookEventsTable {
  id: string;
  merchant_id: string;
  type: string;
  payload: JSONColumnType<Record<string, unknown>>;
  created_at: Generated<Timestamp>;
}

export interface WebhookDeliveriesTable {
  id: string;
  event_id: string;
  merchant_id: string;
  url: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  locked_until: Timestamp | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Timestamp | null;
  created_at: Generated<Timestamp>;
}

export interface CardChargesTable {
  id: string;
  wallet_id: string;
  card_token: string;
  /** The network's idempotency key for this attempt. */
  idempotency_key: string;
  /** The request's: every attempt of one payment or top-up shares it. */
  request_key: string | null;
  amount: Minor;
  currency: string;
  status: 'pending' | 'captured' | 'voided';
  charge_id: string | null;
  created_at: Generated<Timestamp>;
}

export interface SigningKeysTable {
  kid: string;
  /** The public coordinates in the clear, the private scalar `d` sealed (`sealedD`). */
  private_jwk: JSONColumnType<SealedJwk>;
  created_at: Generated<Timestamp>;
  retired_at: Timestamp | null;
}

export interface SealedJwk {
  kty: string;
  crv: string;
  x: string;
  y: string;
  sealedD?: string;
  /** Only in rows written before secrets were sealed; sealed at the next start. */
  d?: string;
}

export interface PlatformSecretsTable {
  name: string;
  sealed: string;
  created_at: Generated<Timestamp>;
}

export interface RateLimitsTable {
  bucket: string;
  window_start: Timestamp;
  hits: number;
}

export interface CouponCampaignsTable {
  id: string;
  merchant_id: string;
  title: string;
  kind: 'amount_off' | 'percent_off' | 'threshold';
  value: number;
  cap: Minor | null;
  min_spend: Minor;
  currency: string;
  valid_from: Timestamp;
  valid_until: Timestamp;
  quantity: number;
  claimed: Generated<number>;
  per_user_limit: number;
  /** Set while the shop pauses new claims. */
  paused_at: Timestamp | null;
  /** Set once the shop ends new claims for good. */
  ended_at: Timestamp | null;
  created_at: Generated<Timestamp>;
}

export interface WalletCouponsTable {
  id: string;
  campaign_id: string;
  wallet_id: string;
  status: 'available' | 'used';
  used_payment_id: string | null;
  claimed_at: Generated<Timestamp>;
}

export interface PointsProgramsTable {
  merchant_id: string;
  points_per_unit: number;
  point_value: Generated<number>;
}

export interface WalletPointsTable {
  wallet_id: string;
  merchant_id: string;
  balance: Minor;
}

export interface SubscriptionsTable {
  wallet_id: string;
  merchant_id: string;
  since: Generated<Timestamp>;
}

export interface MerchantMessagesTable {
  id: string;
  merchant_id: string;
  text: string;
  link: string | null;
  created_at: Generated<Timestamp>;
}

/** One line of a shopper's conversation with a shop about a payment (its order). */
export interface OrderMessagesTable {
  id: string;
  payment_id: string;
  merchant_id: string;
  author: 'shopper' | 'shop';
  text: string;
  created_at: Generated<Timestamp>;
}

export interface BankAccountsTable {
  merchant_id: string;
  holder: string;
  last4: string;
  updated_at: Generated<Timestamp>;
  /** When the account last replaced another; payouts are held for a day after. */
  changed_at: Timestamp | null;
}

export interface BankAccountChangesTable {
  id: string;
  merchant_id: string;
  holder: string;
  last4: string;
  expires_at: Timestamp;
  created_at: Generated<Timestamp>;
}

export interface SettlementRunsTable {
  day: string;
  started_at: Generated<Timestamp>;
}

export interface PayoutsTable {
  id: string;
  merchant_id: string;
  day: string;
  amount: Minor;
  currency: string;
  bank_last4: string;
  status: 'paid';
  created_at: Generated<Timestamp>;
}

export interface ConnectionsTable {
  wallet_id: string;
  merchant_id: string;
  connected_at: Generated<Timestamp>;
  last_login_at: Generated<Timestamp>;
}

/** A merchant console login: the shop's email and an Argon2id hash of its password. */
export interface ConsoleLoginsTable {
  email: string;
  merchant_id: string;
  password_hash: string;
  created_at: Generated<Timestamp>;
}

export interface ConsoleSessionsTable {
  token_hash: string;
  merchant_id: string;
  expires_at: Timestamp;
  /** Wrong passwords for this console's email between the previous sign-in and this one. */
  failed_sign_ins: Generated<number>;
}

export interface ConsoleSignInFailuresTable {
  email: string;
  failures: number;
  next_try_at: Timestamp;
}

/** A repeatable migration (platform/db/repeatable.ts) and the content it last ran with. */
export interface RepeatableMigrationsTable {
  file: string;
  checksum: string;
  applied_at: Generated<Timestamp>;
}

export interface Database {
  console_logins: ConsoleLoginsTable;
  console_sessions: ConsoleSessionsTable;
  console_sign_in_failures: ConsoleSignInFailuresTable;
  connections: ConnectionsTable;
  bank_accounts: BankAccountsTable;
  bank_account_changes: BankAccountChangesTable;
  settlement_runs: SettlementRunsTable;
  payouts: PayoutsTable;
  coupon_campaigns: CouponCampaignsTable;
  wallet_coupons: WalletCouponsTable;
  points_programs: PointsProgramsTable;
  wallet_points: WalletPointsTable;
  subscriptions: SubscriptionsTable;
  merchant_messages: MerchantMessagesTable;
  order_messages: OrderMessagesTable;
  agreements: AgreementsTable;
  wallet_addresses: WalletAddressesTable;
  share_revocations: ShareRevocationsTable;
  login_shares: LoginSharesTable;
  passkeys: PasskeysTable;
  passkey_challenges: PasskeyChallengesTable;
  wallets: WalletsTable;
  challenges: ChallengesTable;
  sessions: SessionsTable;
  devices: DevicesTable;
  link_codes: LinkCodesTable;
  cards: CardsTable;
  accounts: AccountsTable;
  transfers: TransfersTable;
  postings: PostingsTable;
  posting_backlog: PostingBacklogTable;
  merchants: MerchantsTable;
  merchant_origins: MerchantOriginsTable;
  merchant_keys: MerchantKeysTable;
  payments: PaymentsTable;
  refunds: RefundsTable;
  used_tags: UsedTagsTable;
  idempotency_keys: IdempotencyTable;
  webhook_events: WebhookEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  card_charges: CardChargesTable;
  signing_keys: SigningKeysTable;
  platform_secrets: PlatformSecretsTable;
  rate_limits: RateLimitsTable;
  repeatable_migrations: RepeatableMigrationsTable;
}

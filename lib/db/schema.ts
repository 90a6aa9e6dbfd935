import type { DBSchema } from 'idb';
import type {
  Account,
  Balance,
  Card,
  Coupon,
  InboxMessage,
  Offer,
  Partner,
  Points,
  Subscription,
  Transaction,
} from '../../protocol/wallet';
import type { Money } from '../../protocol/money';

export const DB_NAME = 'pouch';

/** The device's signing key: the private half is a non-extractable CryptoKey, so it never leaves this browser. */
export interface DeviceKey {
  privateKey: CryptoKey;
  publicJwk: JsonWebKey;
}

/** A payment written before the platform is called, so a stopped worker can finish or report it on wake. */
export interface PendingPayment {
  idempotencyKey: string;
  createdAt: string;
  checkoutId: string;
  tag: string;
  funding: { type: 'balance' } | { type: 'card'; cardToken: string };
  couponId?: string;
  redeemPoints?: number;
  /** What the shopper chose to share with the shop (when its tag asked). */
  share?: { addressId?: string; contact: boolean };
}

/** A top-up or withdrawal sent (or about to be) whose outcome is not known yet: retried under the same key. */
export type MoneyMove = { amount: Money } & ({ kind: 'topup'; cardToken: string } | { kind: 'withdrawal' });
export type PendingMove = MoneyMove & { idempotencyKey: string; createdAt: string };

export interface StoredInboxMessage extends Omit<InboxMessage, 'read'> {
  /** 0 or 1: booleans cannot be IndexedDB keys, and the popup counts unread ones by index. */
  unread: 0 | 1;
}

export interface Meta {
  key: string;
  value: string;
}

export interface PouchDB extends DBSchema {
  account: { key: 'self'; value: Account };
  device: { key: 'self'; value: DeviceKey };
  meta: { key: string; value: Meta };
  balances: { key: string; value: Balance };
  cards: { key: string; value: Card };
  coupons: {
    key: string;
    value: Coupon;
    indexes: { 'by-merchant': string; 'by-expiry': string; 'by-status-expiry': [string, string] };
  };
  offers: { key: string; value: Offer; indexes: { 'by-merchant': string } };
  points: { key: string; value: Points };
  transactions: { key: string; value: Transaction; indexes: { 'by-created': [string, string] } };
  directory: { key: string; value: Partner };
  subscriptions: { key: string; value: Subscription };
  inbox: { key: string; value: StoredInboxMessage; indexes: { 'by-received': string; 'by-unread': number } };
  pending: { key: string; value: PendingPayment };
  pendingMoves: { key: string; value: PendingMove };
}

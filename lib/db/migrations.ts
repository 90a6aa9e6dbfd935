import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { PouchDB } from './schema';

type UpgradeTx = IDBPTransaction<PouchDB, StoreNames<PouchDB>[], 'versionchange'>;
type Migration = (db: IDBPDatabase<PouchDB>, tx: UpgradeTx) => Promise<void> | void;

/**
 * Cumulative migrations: entry i takes the database from version i to i + 1.
 * Never edit a shipped entry; append a new one. A database at any older version
 * runs every entry after it, in order, inside the one upgrade transaction.
 */
export const migrations: Migration[] = [
  // 0 → 1: the first wallet.
  (db) => {
    db.createObjectStore('account');
    db.createObjectStore('device');
    db.createObjectStore('meta', { keyPath: 'key' });
    db.createObjectStore('balances', { keyPath: 'currency' });
    db.createObjectStore('cards', { keyPath: 'token' });
    const coupons = db.createObjectStore('coupons', { keyPath: 'id' });
    coupons.createIndex('by-merchant', 'merchantId');
    coupons.createIndex('by-expiry', 'expiresAt');
    db.createObjectStore('points', { keyPath: 'merchantId' });
    const transactions = db.createObjectStore('transactions', { keyPath: 'id' });
    transactions.createIndex('by-created', ['createdAt', 'id']);
    db.createObjectStore('directory', { keyPath: 'merchantId' });
    db.createObjectStore('subscriptions', { keyPath: 'merchantId' });
    const inbox = db.createObjectStore('inbox', { keyPath: 'id' });
    inbox.createIndex('by-received', 'receivedAt');
    db.createObjectStore('pending', { keyPath: 'idempotencyKey' });
  },
  // 1 → 2: offers get a store of their own, and the inbox counts unread messages by index
  // instead of reading every message; version 1 kept `read: boolean`.
  async (db, tx) => {
    const offers = db.createObjectStore('offers', { keyPath: 'id' });
    offers.createIndex('by-merchant', 'merchantId');
    const inbox = tx.objectStore('inbox');
    inbox.createIndex('by-unread', 'unread');
    for (let cursor = await inbox.openCursor(); cursor; cursor = await cursor.continue()) {
      const { read, ...rest } = cursor.value as unknown as { read?: boolean } & Record<string, unknown>;
      await cursor.update({ ...rest, unread: read ? 0 : 1 } as never);
    }
  },
  // 2 → 3: the popup counts and lists usable coupons straight from an index, not by reading them all.
  (_db, tx) => {
    tx.objectStore('coupons').createIndex('by-status-expiry', ['status', 'expiresAt']);
  },
  // 3 → 4: top-ups and withdrawals keep their idempotency key until the platform answers, like payments.
  (db) => {
    db.createObjectStore('pendingMoves', { keyPath: 'idempotencyKey' });
  },
];

export const DB_VERSION = migrations.length;

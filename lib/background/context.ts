import type { WalletDB } from '../db/open';
import type { PlatformClient } from '../platform-client';

/** A platform session token, kept in `storage.session` so a restarted worker need not sign in again. */
export interface PlatformSession {
  walletId: string;
  token: string;
  expiresAt: string;
}

/** What handlers may use. The worker builds the real one; unit tests build fakes. */
export interface BackgroundContext {
  extensionId: string;
  extensionOrigin: string;
  defaultPlatformUrl: string;
  db(): Promise<WalletDB>;
  platform(baseUrl: string): PlatformClient;
  sessions: {
    get(): Promise<PlatformSession | null>;
    set(session: PlatformSession | null): Promise<void>;
  };
  setBadge(tabId: number, text: string): Promise<void>;
  now(): Date;
  log(...args: unknown[]): void;
}

import type { browser } from 'wxt/browser';
import type { PageResult } from '../../protocol/messages';
import type { CheckoutStore } from '../checkout/checkout-store';
import type { SignInStore } from '../sign-in/sign-in';
import type { WalletDB } from '../db/open';
import type { PlatformClient } from '../platform-client';

/**
 * The unlocked wallet: a platform session token, kept only in `storage.session` (gone when the browser
 * closes, kept across a worker restart) until it expires or sits idle past the auto-lock time.
 */
export interface PlatformSession {
  walletId: string;
  token: string;
  expiresAt: string;
  /** Moved on by each use the user makes of the wallet; past it, the wallet is locked. */
  idleUntil: string;
  autoLockMinutes: number;
}

/** What handlers may use. The worker builds the real one; unit tests build fakes. */
export interface BackgroundContext {
  extensionId: string;
  extensionOrigin: string;
  defaultPlatformUrl: string;
  /** The extension's own words (`_locales`) in the browser's language, and that language's tag. */
  say(key: Parameters<typeof browser.i18n.getMessage>[0], substitutions?: string[]): string;
  uiLanguage: string;
  /** What the wallet's devices list calls this browser ("Chrome on Linux"). */
  deviceName: string;
  db(): Promise<WalletDB>;
  platform(baseUrl: string): PlatformClient;
  sessions: {
    get(): Promise<PlatformSession | null>;
    set(session: PlatformSession | null): Promise<void>;
  };
  setBadge(tabId: number, text: string): Promise<void>;
  checkouts: CheckoutStore;
  signIns: SignInStore;
  /** Which partner each tab shows (from its meta or tag), for the popup's "coupons here". */
  pageMerchants: {
    get(tabId: number): Promise<string | undefined>;
    set(tabId: number, merchantId: string): Promise<void>;
  };
  /** Opens an extension page (the payment sheet, the sign-in consent) in a window of its own; returns its id. */
  openWindow(path: string): Promise<number>;
  focusWindow(windowId: number): Promise<boolean>;
  closeWindow(windowId: number): Promise<void>;
  /** Tells the content script in the tab's top frame how its checkout or sign-in ended. */
  tellTab(tabId: number, result: PageResult): Promise<void>;
  /** The scripts Pouch puts into partner pages (the scripting API). */
  pageScripts: {
    /** Whether match patterns can name a port (Chromium) or not (Firefox). */
    portsInPatterns: boolean;
    /** Makes the checkout script run at document_end on exactly these match patterns; none unregisters it. */
    setCheckoutMatches(matches: string[]): Promise<void>;
    /**
     * Adds the sign-in button's script to the tab's top frame: to the very document that asked where the
     * browser names it (Chromium), so a tab that has since moved to another site gets nothing.
     */
    loadSignInButton(tabId: number, documentId?: string): Promise<void>;
  };
  /** Shows a browser notification; `id` names it, so a click can find what it was about. */
  notify(id: string, title: string, text: string): Promise<void>;
  alarms: { start(name: string, periodMinutes: number): Promise<void>; stop(name: string): Promise<void> };
  newId(): string;
  now(): Date;
  log(...args: unknown[]): void;
}

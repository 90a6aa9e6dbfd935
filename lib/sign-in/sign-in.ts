import type { Consent } from '../../protocol/sign-in';

/**
 * One sign-in a partner page asked for: the tab, the verified partner and origin, the page's nonce and
 * the consent window. Kept in `storage.session`, so a restarted worker still knows it.
 */
export interface SignIn {
  id: string;
  tabId: number;
  merchantId: string;
  merchantName: string;
  origin: string;
  nonce: string;
  /** What the page asked to be shared in the ID token; asked in the consent window, every time. */
  scope?: Consent['scope'];
  state: Consent['state'];
  windowId: number | null;
  createdAt: string;
}

/** Where sign-ins live; the worker backs it with `storage.session`, tests with a Map. */
export interface SignInStore {
  get(id: string): Promise<SignIn | undefined>;
  put(signIn: SignIn): Promise<void>;
  forWindow(windowId: number): Promise<SignIn | undefined>;
}

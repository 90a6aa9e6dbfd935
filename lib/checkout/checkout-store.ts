import type { CheckoutView, Sheet } from '../../protocol/checkout';

/**
 * One checkout the user asked to pay: the tab that showed the tag, the tag, its verified view, and
 * the sheet window. Kept in `storage.session`, so a restarted worker still knows it.
 */
export interface Checkout {
  id: string;
  tabId: number;
  tag: string;
  view: CheckoutView;
  state: Sheet['state'];
  windowId: number | null;
  result: Sheet['result'];
  /** The agreement a tag in mode "agreement" made, once accepted. */
  agreed?: Sheet['agreed'];
  createdAt: string;
}

/** Where checkouts live; the worker backs it with `storage.session`, tests with a Map. */
export interface CheckoutStore {
  get(id: string): Promise<Checkout | undefined>;
  put(checkout: Checkout): Promise<void>;
  forTab(tabId: number): Promise<Checkout | undefined>;
  forWindow(windowId: number): Promise<Checkout | undefined>;
}

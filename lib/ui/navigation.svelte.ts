import type { Transaction } from '../../protocol/wallet';
import { getContext, setContext, tick } from 'svelte';

/**
 * The popup's screens. Home is always the bottom of the stack; every other screen is opened from
 * somewhere and goes back there (its back control, or Esc).
 */
export type Screen =
  | { name: 'home' }
  | { name: 'settings' }
  | { name: 'limits' }
  | { name: 'connections' }
  | { name: 'agreements' }
  | { name: 'addresses' }
  | { name: 'inbox' }
  | { name: 'points' }
  | { name: 'coupons' }
  | { name: 'history' }
  | { name: 'transaction'; tx: Transaction }
  /** Talking to the shop about one payment, from its line in the history or the shop's answer. */
  | { name: 'conversation'; paymentId: string; merchantName: string }
  | { name: 'topUp' }
  | { name: 'addCard' }
  | { name: 'withdraw' };

export interface Navigation {
  /** Every open screen, home first; the last is the one shown (the others keep their state beneath). */
  readonly stack: readonly Screen[];
  /** Words that say what a screen just did ("Card added"), shown on the screen it went back to. */
  readonly notice: string | null;
  open(screen: Screen): void;
  back(notice?: string): void;
}

const KEY = Symbol('navigation');

/** The stack of screens; made once by the popup, found by any screen below it with `navigation()`. */
export function provideNavigation(): Navigation {
  let stack = $state<Screen[]>([{ name: 'home' }]);
  let notice = $state<string | null>(null);
  // What had focus when each screen opened (the control that opened it), given it back on the way back.
  const openers: (Element | null)[] = [];
  const nav: Navigation = {
    get stack() {
      return stack;
    },
    get notice() {
      return notice;
    },
    open(screen) {
      notice = null;
      openers.push(document.activeElement);
      stack = [...stack, screen];
    },
    back(words) {
      notice = words ?? null;
      if (stack.length === 1) return;
      stack = stack.slice(0, -1);
      const opener = openers.pop();
      void tick().then(() => (opener instanceof HTMLElement && opener.isConnected ? opener.focus() : undefined));
    },
  };
  return setContext(KEY, nav);
}

export const navigation = (): Navigation => getContext<Navigation>(KEY);

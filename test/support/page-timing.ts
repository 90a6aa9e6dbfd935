import { expect } from 'vitest';
import { SETTLE_MS } from '../../lib/page/click-guard';

/**
 * The waits on time that the product's own rules call for, named, and everything else awaited as a
 * condition. The click guard counts a click only on a button that has been visible and unmoved for
 * SETTLE_MS (Chromium reports visibility at most every 100 ms): a person's click comes after that.
 */
export const GUARD_SETTLED_MS = SETTLE_MS + 200;

/** Lets the click guard see the button settle, as a person's eyes and hand would take at least this long. */
export const pastClickGuard = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, GUARD_SETTLED_MS));

/**
 * How long a payment sheet takes at most to open after a click that would open one, on a busy machine:
 * what "opens nothing" waits for. It fails at once when a window does open.
 */
const SHEET_OPENS_WITHIN_MS = 1_000;

/**
 * After `act`, no new window opens — checked by waiting for one (`nextWindow`) and failing if it came.
 * Works with any driver: `nextWindow(timeoutMs)` resolves with a window or rejects on timeout.
 */
export async function opensNoWindow(
  nextWindow: (timeoutMs: number) => Promise<unknown>,
  act: () => Promise<unknown>,
): Promise<void> {
  const opened = nextWindow(SHEET_OPENS_WITHIN_MS).then(
    () => true,
    () => false,
  );
  await act();
  expect(await opened, 'a window opened').toBe(false);
}

import type { Money } from './money';

/** The payment PIN: six digits. Kept free of zod so extension pages can check it without the schema library. */
export const PIN_PATTERN = /^\d{6}$/;
export const PIN_EXPECTED = 'expected exactly 6 digits';

export const isPin = (value: string): boolean => PIN_PATTERN.test(value);

/** Six-digit PINs people pick most often (besides repeats and runs), refused for a new PIN. */
const COMMON_PINS = new Set([
  '123123',
  '121212',
  '112233',
  '520520',
  '520131',
  '131420',
  '159753',
  '147258',
  '789456',
  '202020',
  '101010',
  '696969',
  '100200',
]);

export const PIN_TOO_EASY =
  'expected a PIN that is hard to guess: not one digit repeated, not a run such as 123456 or 654321, not a common PIN';

/**
 * Whether a new PIN is one anyone would try first: one digit six times, a run up or down (123456,
 * 987654, and wrapping 890123), or one of the commonest PINs. Checked where a PIN is chosen (a new
 * wallet, a changed PIN), never when one is entered.
 */
export function pinTooEasy(pin: string): boolean {
  if (!isPin(pin)) return false;
  const steps = new Set([...pin].slice(1).map((digit, i) => (Number(digit) - Number(pin[i]) + 10) % 10));
  const run = steps.size === 1 && (steps.has(0) || steps.has(1) || steps.has(9));
  return run || COMMON_PINS.has(pin);
}

/** Password-free payments a day: at most `total` (in the limit's currency) between UTC midnights. */
export interface DailyFree {
  total: number;
  /** What password-free payments took today already. */
  spentToday: number;
}

/** The highest daily password-free total a wallet may set. */
export const DAILY_FREE_TOTAL_CEILING: Money = { amount: 2_000_000, currency: 'CNY' };

/** Why a payment needs the PIN: paid in another currency than the limit's, above it, or past the daily total. */
export type PinReason = 'currency' | 'above_limit' | 'daily_total';

/**
 * Why a payment needs the PIN, or null when it does not: what the shopper actually pays (after coupon
 * and points) against the wallet's password-free limit and daily total. The one rule: the platform
 * enforces it, the sheet asks for the PIN by it and can say why.
 */
export function pinReason(toPay: Money, passwordFreeLimit: Money, daily?: DailyFree): PinReason | null {
  if (toPay.currency !== passwordFreeLimit.currency) return 'currency';
  if (toPay.amount > passwordFreeLimit.amount) return 'above_limit';
  if (daily && daily.spentToday + toPay.amount > daily.total) return 'daily_total';
  return null;
}

/** The start of the day the daily total counts in: UTC midnight, the same for every device. */
export const startOfFreeDay = (now: Date): Date =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));

/** The highest password-free limit a wallet may set: above it, every payment asks for the PIN. */
export const PASSWORD_FREE_CEILING: Money = { amount: 200_000, currency: 'CNY' };

/** Whether a new password-free limit raises risk (and so needs the PIN): higher, or in another currency. */
export const raisesLimit = (next: Money, current: Money): boolean =>
  next.currency !== current.currency || next.amount > current.amount;

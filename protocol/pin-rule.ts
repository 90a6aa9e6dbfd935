import type { Money } from './money';

/** The payment PIN: six digits. Kept free of zod so extension pages can check it without the schema library. */
export const PIN_PATTERN = /^\d{6}$/;
export const PIN_EXPECTED = 'expected exactly 6 digits';

export const isPin = (value: string): boolean => PIN_PATTERN.test(value);

/**
 * Whether a payment needs the PIN: what the shopper actually pays (after coupon and points) above the
 * wallet's password-free limit, or in another currency than the limit's. The platform enforces it; the
 * sheet asks for the PIN by the same rule.
 */
export function pinRequired(toPay: Money, passwordFreeLimit: Money): boolean {
  return toPay.currency !== passwordFreeLimit.currency || toPay.amount > passwordFreeLimit.amount;
}

/** The highest password-free limit a wallet may set: above it, every payment asks for the PIN. */
export const PASSWORD_FREE_CEILING: Money = { amount: 200_000, currency: 'CNY' };

/** Whether a new password-free limit raises risk (and so needs the PIN): higher, or in another currency. */
export const raisesLimit = (next: Money, current: Money): boolean =>
  next.currency !== current.currency || next.amount > current.amount;

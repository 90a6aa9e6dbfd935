import { currencyExponent } from './money-format';

/** Points earned for an amount paid: whole currency units times the shop's rate (¥128.50 at 1/¥ → 128). */
export function pointsFor(paid: number, currency: string, pointsPerUnit: number): number {
  return Math.floor(paid / 10 ** currencyExponent(currency)) * pointsPerUnit;
}

/** The share of what is due (after the coupon) that points may pay: money still changes hands. */
const POINTS_MAX_SHARE = 0.5;

/**
 * The most points a shopper may spend on an order: no more than they hold, worth no more than half of
 * what is due after the coupon, in whole points. 0 when the shop does not let points be spent.
 */
export function maxRedeemablePoints(balance: number, due: number, pointValue: number): number {
  if (pointValue <= 0 || due <= 0 || balance <= 0) return 0;
  return Math.min(balance, Math.floor(Math.floor(due * POINTS_MAX_SHARE) / pointValue));
}

import type { Money } from './money';

/** The terms of a coupon that decide what it saves; see `discountFor`. */
export interface CouponTerms {
  id: string;
  kind: 'amount_off' | 'percent_off' | 'threshold';
  /** amount_off and threshold: minor units off; percent_off: whole percent. */
  value: number;
  /** percent_off: the most minor units it may take off. */
  cap?: number;
  /** The order must reach this many minor units. */
  minSpend: number;
  currency: string;
  expiresAt: string;
}

/**
 * What a coupon saves on an order, in minor units, or 0 when it does not apply (other currency, order
 * below the minimum spend). Percentages round down to a whole minor unit. A coupon never makes an
 * order free: at least one minor unit is still paid.
 */
export function discountFor(coupon: CouponTerms, order: Money): number {
  if (coupon.currency !== order.currency || order.amount < coupon.minSpend) return 0;
  const raw = coupon.kind === 'percent_off' ? Math.floor((order.amount * coupon.value) / 100) : coupon.value;
  const capped = coupon.kind === 'percent_off' && coupon.cap !== undefined ? Math.min(raw, coupon.cap) : raw;
  return Math.max(0, Math.min(capped, order.amount - 1));
}

/**
 * The best coupon for an order, by one exact rule: the largest saving; on a tie, the one that
 * expires soonest (use it before it is lost); on a further tie, the smaller id. Coupons that save
 * nothing or have expired are never chosen.
 */
export function bestCoupon<C extends CouponTerms>(
  coupons: C[],
  order: Money,
  now: Date,
): { coupon: C; discount: number } | null {
  let best: { coupon: C; discount: number } | null = null;
  for (const coupon of coupons) {
    if (Date.parse(coupon.expiresAt) <= now.getTime()) continue;
    const discount = discountFor(coupon, order);
    if (discount === 0) continue;
    if (
      !best ||
      discount > best.discount ||
      (discount === best.discount &&
        (coupon.expiresAt < best.coupon.expiresAt ||
          (coupon.expiresAt === best.coupon.expiresAt && coupon.id < best.coupon.id)))
    ) {
      best = { coupon, discount };
    }
  }
  return best;
}

import type { Money } from './money';
import { pinReason, type DailyFree, type PinReason } from './pin-rule';

/** What a payment costs the shopper once the coupon and the spent points are taken off. */
export interface Price {
  /** The signed amount of the order. */
  amount: number;
  currency: string;
  couponDiscount: number;
  pointsDiscount: number;
  /** couponDiscount + pointsDiscount. */
  discount: number;
  /** What moves from the shopper: amount − discount, always more than zero. */
  paid: number;
  pinRequired: boolean;
  /** Why the PIN is needed (the shared rule's words), or null. */
  pinReason: PinReason | null;
}

/**
 * Prices an order: what the shopper pays once the coupon and the spent points are taken off, and
 * whether that needs the PIN. The one rule for the payment sheet (the figure it shows) and the platform
 * (the figure it charges), so the two cannot differ. Pure, so it is table-tested.
 */
export function price(
  order: Money,
  savings: { coupon: number; points: number },
  passwordFreeLimit: Money,
  daily?: DailyFree,
): Price {
  const discount = savings.coupon + savings.points;
  const paid = order.amount - discount;
  // The coupon and points rules each keep something to pay; together they must too.
  if (paid <= 0 || savings.coupon < 0 || savings.points < 0)
    throw new Error(`invariant: a price must leave something to pay (amount ${order.amount}, discount ${discount})`);
  const reason = pinReason({ amount: paid, currency: order.currency }, passwordFreeLimit, daily);
  return {
    amount: order.amount,
    currency: order.currency,
    couponDiscount: savings.coupon,
    pointsDiscount: savings.points,
    discount,
    paid,
    pinRequired: reason !== null,
    pinReason: reason,
  };
}

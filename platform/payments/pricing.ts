import type { Money } from '../../protocol/money';
import { pinReason, type DailyFree } from '../../protocol/pin-rule';

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
  pinReason: ReturnType<typeof pinReason>;
}

/**
 * Prices an order: pure, so the rule is table-testable. The savings were checked against the wallet's
 * coupon and points already; the PIN rule is the shared one, on what is actually paid.
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

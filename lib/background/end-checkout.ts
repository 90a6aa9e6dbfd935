import type { CheckoutResult } from '../../protocol/checkout';
import type { Checkout } from '../checkout/checkout-store';
import type { BackgroundContext } from './context';

/** Whether a checkout is over: paid, its agreement accepted, or failed (refused, cancelled). */
export const checkoutOver = (checkout: Pick<Checkout, 'state'>): boolean =>
  checkout.state === 'paid' || checkout.state === 'agreed' || checkout.state === 'failed';

/**
 * The one place a checkout changes state. A tab hears the end of its checkout once: a checkout that
 * is already over is not reported again.
 */
export async function endCheckout(
  ctx: BackgroundContext,
  checkout: Checkout,
  result: CheckoutResult,
  update: Partial<Checkout>,
): Promise<Checkout> {
  const current = (await ctx.checkouts.get(checkout.id)) ?? checkout;
  if (checkoutOver(current)) return current;
  const ended = { ...current, ...update };
  await ctx.checkouts.put(ended);
  await ctx.tellTab(current.tabId, result).catch((error) => ctx.log('tab gone before its checkout ended', error));
  return ended;
}

import { formatMoney } from '../../../protocol/money-format';
import { CheckoutTagRefused } from '../../../protocol/verify-checkout-tag';
import { verifyOfferedTag, type OfferedCheckout } from '../../checkout/verify-tag';
import type { BackgroundContext } from '../context';
import { partnerForKey } from '../directory';
import { WalletError } from '../errors';
import { serially } from '../serial';
import type { Caller, Handler } from '../router';

async function verify(
  ctx: BackgroundContext,
  tag: string,
  caller: Caller,
): Promise<OfferedCheckout & { tabId: number }> {
  if (caller.role !== 'content') throw new WalletError('forbidden_sender', 'Only a page may offer a checkout.');
  try {
    const verified = await verifyOfferedTag(tag, caller.origin, (kid) => partnerForKey(ctx, kid), ctx.now());
    return { ...verified, tabId: caller.tabId };
  } catch (error) {
    if (error instanceof CheckoutTagRefused)
      throw new WalletError('checkout_refused', error.message, error.issues, error.code);
    throw error;
  }
}

/** A page found a checkout tag: verify it and say what to show. Nothing the page says is believed. */
export const checkoutTag: Handler<'checkout.tag'> = async (ctx, { tag }, caller) => {
  const { view, tabId } = await verify(ctx, tag, caller);
  await ctx.pageMerchants.set(tabId, view.merchantId);
  await ctx.setBadge(tabId, '✓');
  // Worded here, so the page's script carries no money formatting.
  const amount = formatMoney(view.amount, ctx.uiLanguage);
  const buttonLabel = view.agreement
    ? ctx.say(`agreeWithPouch_${view.agreement.period}`, [amount])
    : ctx.say('payWithPouch', [amount]);
  return { ...view, buttonLabel };
};

/**
 * The user clicked Pay on the page: open the payment sheet, one per tab. The page only asks; the sheet,
 * an extension window the page cannot touch, is where the user confirms.
 */
export const checkoutPay: Handler<'checkout.pay'> = async (ctx, { tag }, caller) => {
  const { view, tabId } = await verify(ctx, tag, caller);
  // One tab's clicks one after another: two buttons clicked at once must not each find no sheet open.
  return serially(`checkout-tab:${tabId}`, () => openSheet(ctx, tag, view, tabId));
};

/** Focuses the tab's sheet for this tag, or closes the tab's other sheet and opens this one. */
async function openSheet(ctx: BackgroundContext, tag: string, view: OfferedCheckout['view'], tabId: number) {
  const existing = await ctx.checkouts.forTab(tabId);
  if (existing?.tag === tag && existing.state !== 'failed') {
    if (existing.state === 'paid' || existing.state === 'agreed')
      throw new WalletError('checkout_refused', 'This checkout is already done.', undefined, 'tag_reused');
    if (existing.windowId !== null && (await ctx.focusWindow(existing.windowId))) return { checkoutId: existing.id };
  } else if (existing?.windowId != null) {
    await ctx.closeWindow(existing.windowId);
  }
  const checkout = {
    id: ctx.newId(),
    tabId,
    tag,
    view,
    state: 'open' as const,
    windowId: null,
    result: null,
    createdAt: ctx.now().toISOString(),
  };
  await ctx.checkouts.put(checkout);
  const windowId = await ctx.openWindow(`/pay.html?checkout=${encodeURIComponent(checkout.id)}`);
  await ctx.checkouts.put({ ...checkout, windowId });
  return { checkoutId: checkout.id };
}

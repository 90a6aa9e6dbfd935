import type { Handler } from '../router';

/**
 * A page said it belongs to a partner (`<meta name="pouch-merchant">`). Believe it only when the
 * directory lists the page's origin for that merchant; then badge the tab with its coupon count.
 */
export const merchantPage: Handler<'merchant.page'> = async (ctx, { merchantId }, caller) => {
  if (caller.role !== 'content') return { partner: false, couponCount: 0 };
  const db = await ctx.db();
  const partner = await db.get('directory', merchantId);
  if (!partner || !partner.origins.some((origin) => new URL(origin).origin === caller.origin)) {
    return { partner: false, couponCount: 0 };
  }
  const now = ctx.now().toISOString();
  const coupons = await db.getAllFromIndex('coupons', 'by-merchant', merchantId);
  const couponCount = coupons.filter((c) => c.status === 'available' && c.expiresAt > now).length;
  await ctx.pageMerchants.set(caller.tabId, merchantId);
  await ctx.setBadge(caller.tabId, couponCount > 0 ? String(couponCount) : '✓');
  return { partner: true, name: partner.name, couponCount };
};

import type { Coupon } from '../../../protocol/wallet';
import type { WalletDB } from '../../db/open';
import type { Handler } from '../router';
import { readTransactionPage } from './transactions';

const FIRST_PAGE = 20;
const COUPONS_SHOWN = 50;

/** Available coupons, soonest expiry first, walking the by-expiry index from now on. */
async function usableCoupons(db: WalletDB, now: Date): Promise<{ shown: Coupon[]; count: number }> {
  const shown: Coupon[] = [];
  let count = 0;
  const range = IDBKeyRange.lowerBound(now.toISOString());
  for (let c = await db.transaction('coupons').store.index('by-expiry').openCursor(range); c; c = await c.continue()) {
    if (c.value.status !== 'available') continue;
    count++;
    if (shown.length < COUPONS_SHOWN) shown.push(c.value);
  }
  return { shown, count };
}

/** Everything the popup's first screen shows, read from IndexedDB alone so it renders at once. */
export const walletOverview: Handler<'wallet.overview'> = async (ctx) => {
  const db = await ctx.db();
  const now = ctx.now();
  const [account, balances, cards, coupons, offers, points, transactions, unreadCount, refreshed] = await Promise.all([
    db.get('account', 'self'),
    db.getAll('balances'),
    db.getAll('cards'),
    usableCoupons(db, now),
    db.getAll('offers'),
    db.getAll('points'),
    readTransactionPage(db, FIRST_PAGE),
    db.countFromIndex('inbox', 'by-unread', 1),
    db.get('meta', 'refreshedAt'),
  ]);
  return {
    account: account ?? null,
    balances,
    cards: cards.sort((a, b) => Number(b.isDefault) - Number(a.isDefault)),
    coupons: coupons.shown,
    couponCount: coupons.count,
    offers: offers
      .filter((offer) => Date.parse(offer.endsAt) > now.getTime())
      .sort((a, b) => a.endsAt.localeCompare(b.endsAt)),
    points: points.filter((p) => p.points > 0),
    transactions,
    unreadCount,
    refreshedAt: refreshed?.value ?? null,
  };
};

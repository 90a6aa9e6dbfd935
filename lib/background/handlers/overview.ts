import type { Coupon, InboxMessage, Offer, Overview } from '../../../protocol/wallet';
import type { BackgroundContext } from '../context';
import type { WalletDB } from '../../db/open';
import { newsAlertsOn } from '../news-alerts';
import { topUpReviewAbove } from '../top-up-review';
import { live, lockedError } from '../platform-session';
import type { Handler } from '../router';
import { readTransactionPage } from './transactions';

const FIRST_PAGE = 20;
const COUPONS_SHOWN = 50;
const INBOX_SHOWN = 20;

/** Available, unexpired coupons, soonest expiry first: the first few and how many, both from one index. */
async function usableCoupons(db: WalletDB, now: Date): Promise<{ shown: Coupon[]; count: number }> {
  const range = IDBKeyRange.bound(['available', now.toISOString()], ['available', '\uffff']);
  const [shown, count] = await Promise.all([
    db.getAllFromIndex('coupons', 'by-status-expiry', range, COUPONS_SHOWN),
    db.countFromIndex('coupons', 'by-status-expiry', range),
  ]);
  return { shown, count };
}

async function latestInbox(db: WalletDB): Promise<InboxMessage[]> {
  const items: InboxMessage[] = [];
  for (
    let c = await db.transaction('inbox').store.index('by-received').openCursor(null, 'prev');
    c && items.length < INBOX_SHOWN;
    c = await c.continue()
  ) {
    const { unread, ...message } = c.value;
    items.push({ ...message, read: unread === 0 });
  }
  return items;
}

/** Offers cached before the limit was kept show as claimable until the next refresh. */
const withDefaults = (offer: Offer): Offer => ({
  ...offer,
  perUserLimit: offer.perUserLimit ?? 1,
  claimed: offer.claimed ?? false,
});

/** The partner the tab shows, with its usable coupons and offers: "coupons here". */
async function partnerHere(
  ctx: BackgroundContext,
  db: WalletDB,
  tabId: number | undefined,
  now: Date,
): Promise<Overview['here']> {
  const merchantId = tabId === undefined ? undefined : await ctx.pageMerchants.get(tabId);
  const partner = merchantId ? await db.get('directory', merchantId) : undefined;
  if (!partner) return null;
  const [coupons, offers] = await Promise.all([
    db.getAllFromIndex('coupons', 'by-merchant', partner.merchantId),
    db.getAllFromIndex('offers', 'by-merchant', partner.merchantId),
  ]);
  return {
    merchantId: partner.merchantId,
    name: partner.name,
    coupons: coupons
      .filter((c) => c.status === 'available' && Date.parse(c.expiresAt) > now.getTime())
      .sort((a, b) => a.expiresAt.localeCompare(b.expiresAt)),
    offers: offers.filter((o) => Date.parse(o.endsAt) > now.getTime()).map(withDefaults),
  };
}

/** Locked, the popup gets `wallet_locked` and shows only the unlock screen: nothing the wallet holds. */
export const walletOverview: Handler<'wallet.overview'> = async (ctx, { tabId }) => {
  const db = await ctx.db();
  const now = ctx.now();
  const [
    session,
    account,
    balances,
    cards,
    coupons,
    offers,
    points,
    transactions,
    unreadCount,
    refreshed,
    inbox,
    subscriptions,
    here,
    newsAlerts,
    partners,
    reviewAbove,
  ] = await Promise.all([
    ctx.sessions.get(),
    db.get('account', 'self'),
    db.getAll('balances'),
    db.getAll('cards'),
    usableCoupons(db, now),
    db.getAll('offers'),
    db.getAll('points'),
    readTransactionPage(db, FIRST_PAGE),
    db.countFromIndex('inbox', 'by-unread', 1),
    db.get('meta', 'refreshedAt'),
    latestInbox(db),
    db.getAll('subscriptions'),
    partnerHere(ctx, db, tabId, now),
    newsAlertsOn(ctx),
    db.getAll('directory'),
    topUpReviewAbove(ctx),
  ]);
  const takesPoints = new Set(partners.filter((p) => p.pointValue > 0).map((p) => p.merchantId));
  // Read alongside the rest, so the lock costs the popup no extra round trip.
  if (account && !live(session, account, now)) throw lockedError();
  return {
    account: account ?? null,
    balances,
    cards: cards.sort((a, b) => Number(b.isDefault) - Number(a.isDefault)),
    coupons: coupons.shown,
    couponCount: coupons.count,
    offers: offers
      .filter((offer) => Date.parse(offer.endsAt) > now.getTime())
      .sort((a, b) => a.endsAt.localeCompare(b.endsAt))
      .map(withDefaults),
    points: points.filter((p) => p.points > 0).map((p) => ({ ...p, spendable: takesPoints.has(p.merchantId) })),
    transactions,
    unreadCount,
    inbox,
    subscriptions,
    newsAlerts,
    topUpReviewAbove: reviewAbove,
    here,
    refreshedAt: refreshed?.value ?? null,
  };
};

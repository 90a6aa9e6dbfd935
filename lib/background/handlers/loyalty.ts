import { withPlatform } from '../platform-session';
import type { Handler } from '../router';

export const couponsClaim: Handler<'coupons.claim'> = async (ctx, { campaignId }) => {
  const coupon = await withPlatform(ctx, (platform, token) => platform.claimCoupon(token, campaignId));
  const tx = (await ctx.db()).transaction(['coupons', 'offers'], 'readwrite');
  await tx.objectStore('coupons').put(coupon);
  const offer = await tx.objectStore('offers').get(campaignId);
  if (offer) {
    const held = await tx.objectStore('coupons').index('by-merchant').getAll(offer.merchantId);
    const claimed = held.filter((c) => c.campaignId === campaignId).length >= offer.perUserLimit;
    await tx.objectStore('offers').put({ ...offer, claimed });
  }
  await tx.done;
  return coupon;
};

/** Opt in to or out of a shop's news; the platform keeps the list, so only subscribers ever receive. */
export const newsSubscription: Handler<'news.subscription'> = async (ctx, { merchantId, subscribed }) => {
  const list = await withPlatform(ctx, (platform, token) => platform.setSubscription(token, merchantId, subscribed));
  const tx = (await ctx.db()).transaction(['subscriptions', 'inbox'], 'readwrite');
  const writes: Promise<unknown>[] = [
    tx.objectStore('subscriptions').clear(),
    ...list.items.map((s) => tx.objectStore('subscriptions').put(s)),
  ];
  if (!subscribed) {
    for (const message of await tx.objectStore('inbox').getAll()) {
      // The shop's news goes; its answers about the shopper's orders stay (they are not news).
      if (message.merchantId === merchantId && !message.about) writes.push(tx.objectStore('inbox').delete(message.id));
    }
  }
  await Promise.all([...writes, tx.done]);
  return { subscribed: list.items.some((s) => s.merchantId === merchantId) };
};

export const inboxMarkRead: Handler<'inbox.markRead'> = async (ctx) => {
  const tx = (await ctx.db()).transaction('inbox', 'readwrite');
  const unread = await tx.store.index('by-unread').getAll(1);
  await Promise.all([...unread.map((message) => tx.store.put({ ...message, unread: 0 })), tx.done]);
  return { unreadCount: 0 };
};

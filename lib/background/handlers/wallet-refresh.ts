import type { PouchDB } from '../../db/schema';
import { requireAccount } from '../account';
import { viaPlatform } from '../errors';
import { platformCount } from '../password-free';
import { platformToken } from '../platform-session';
import { syncDirectory } from '../directory';
import type { Handler } from '../router';

const SYNCED_TRANSACTIONS = 50;

/**
 * Pulls balances, cards, points, coupons, offers, news and recent transactions from the platform, then writes them in one IndexedDB
 * transaction: the popup sees the old state or the new, never half. The partner directory follows.
 */
export const walletRefresh: Handler<'wallet.refresh'> = async (ctx) => {
  const account = await requireAccount(ctx);
  const db = await ctx.db();
  const platform = ctx.platform(account.platformUrl);
  const [snapshot, recent, coupons, offers, messages, subscriptions] = await viaPlatform(async () => {
    const token = await platformToken(ctx, account);
    return Promise.all([
      platform.wallet(token),
      platform.transactions(token, { limit: SYNCED_TRANSACTIONS }),
      platform.coupons(token),
      platform.offers(),
      platform.messages(token),
      platform.subscriptions(token),
    ]);
  });
  const refreshedAt = ctx.now().toISOString();
  const stores = [
    'account',
    'balances',
    'cards',
    'transactions',
    'coupons',
    'offers',
    'points',
    'inbox',
    'subscriptions',
    'meta',
  ] as const;
  const tx = db.transaction(stores, 'readwrite');
  const read = new Set((await tx.objectStore('inbox').getAll()).filter((m) => m.unread === 0).map((m) => m.id));
  const replace = <S extends 'balances' | 'cards' | 'coupons' | 'offers' | 'points' | 'subscriptions'>(
    store: S,
    rows: PouchDB[S]['value'][],
  ) => [tx.objectStore(store).clear(), ...rows.map((row) => tx.objectStore(store).put(row))];
  await Promise.all([
    tx.objectStore('account').put(
      {
        ...account,
        passwordFreeLimit: snapshot.passwordFreeLimit,
        dailyFreeTotal: snapshot.dailyFreeTotal,
        ...platformCount(snapshot.freeSpentToday, ctx.now()),
      },
      'self',
    ),
    ...replace('balances', snapshot.balances),
    ...replace('cards', snapshot.cards),
    ...replace('points', snapshot.points),
    ...replace('coupons', coupons.items),
    ...replace(
      'offers',
      offers.items.map((o) => ({
        id: o.id,
        merchantId: o.merchantId,
        merchantName: o.merchantName,
        title: o.title,
        endsAt: o.validUntil,
        perUserLimit: o.perUserLimit,
        claimed: coupons.items.filter((c) => c.campaignId === o.id).length >= o.perUserLimit,
      })),
    ),
    ...replace('subscriptions', subscriptions.items),
    ...recent.items.map((transaction) => tx.objectStore('transactions').put(transaction)),
    ...messages.items.map(({ read: _read, ...message }) =>
      tx.objectStore('inbox').put({ ...message, unread: read.has(message.id) ? 0 : 1 }),
    ),
    tx.objectStore('meta').put({ key: 'refreshedAt', value: refreshedAt }),
    tx.done,
  ]);
  await syncDirectory(ctx);
  return { refreshedAt };
};

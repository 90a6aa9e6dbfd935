import type { BackgroundContext } from './context';
import { viaPlatform } from './errors';
import { isUnlocked, platformToken } from './platform-session';

export const NEWS_ALARM = 'news-check';
/** How often the worker asks for news while alerts are on; with alerts off it never asks on its own. */
export const NEWS_CHECK_MINUTES = 15;

export async function newsAlertsOn(ctx: BackgroundContext): Promise<boolean> {
  return (await (await ctx.db()).get('meta', 'newsAlerts'))?.value === 'on';
}

/** Turns alerts on or off: the setting, and the periodic check that serves it. */
export async function setNewsAlerts(ctx: BackgroundContext, on: boolean): Promise<void> {
  await (await ctx.db()).put('meta', { key: 'newsAlerts', value: on ? 'on' : 'off' });
  if (on) await ctx.alarms.start(NEWS_ALARM, NEWS_CHECK_MINUTES);
  else await ctx.alarms.stop(NEWS_ALARM);
}

/**
 * The periodic check: fetches the inbox, keeps messages not seen before as unread, and shows one browser
 * notification for each. Only subscribed shops' news and shops' answers to this wallet exist on the
 * platform, so only they can alert.
 */
export async function checkNews(ctx: BackgroundContext): Promise<number> {
  const db = await ctx.db();
  const account = await db.get('account', 'self');
  // Locked, nothing is fetched: news waits for the next unlock.
  if (!account || !(await newsAlertsOn(ctx)) || !(await isUnlocked(ctx, account))) return 0;
  const { items } = await viaPlatform(async () =>
    ctx.platform(account.platformUrl).messages(await platformToken(ctx, account, 'background')),
  );
  const tx = db.transaction('inbox', 'readwrite');
  const known = new Set(await tx.store.getAllKeys());
  const fresh = items.filter((message) => !known.has(message.id));
  await Promise.all([...fresh.map(({ read: _read, ...message }) => tx.store.put({ ...message, unread: 1 })), tx.done]);
  for (const message of fresh) await ctx.notify(message.id, message.merchantName, message.text);
  return fresh.length;
}

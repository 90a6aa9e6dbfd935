import { viaPlatform } from '../errors';
import { setNewsAlerts } from '../news-alerts';
import { platformToken } from '../platform-session';
import type { Handler } from '../router';
import { requireAccount } from './wallet-refresh';

/** The password-free limit is enforced by the platform, so it changes there first, then here. */
export const settingsUpdate: Handler<'settings.update'> = async (ctx, { passwordFreeLimit }) => {
  const account = await requireAccount(ctx);
  const saved = await viaPlatform(async () =>
    ctx.platform(account.platformUrl).setPasswordFreeLimit(await platformToken(ctx, account), passwordFreeLimit),
  );
  const updated = { ...account, passwordFreeLimit: saved.passwordFreeLimit };
  await (await ctx.db()).put('account', updated, 'self');
  return updated;
};

/** News alerts: browser notifications for new messages, checked every few minutes only while on. */
export const settingsNewsAlerts: Handler<'settings.newsAlerts'> = async (ctx, { on }) => {
  await requireAccount(ctx);
  await setNewsAlerts(ctx, on);
  return { newsAlerts: on };
};

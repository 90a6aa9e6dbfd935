import { viaPlatform } from '../errors';
import { setNewsAlerts } from '../news-alerts';
import { platformCount } from '../password-free';
import { platformToken } from '../platform-session';
import type { Handler } from '../router';
import { requireAccount } from '../account';
import { setTopUpReviewAbove } from '../top-up-review';

/**
 * The password-free limit is enforced by the platform, so it changes there first, then here. Raising
 * it takes the PIN: the platform says `pin_required` when it is missing.
 */
export const settingsUpdate: Handler<'settings.update'> = async (ctx, { passwordFreeLimit, dailyFreeTotal, pin }) => {
  const account = await requireAccount(ctx);
  const options = { ...(pin && { pin }), ...(dailyFreeTotal && { dailyFreeTotal }) };
  const saved = await viaPlatform(async () => {
    const client = ctx.platform(account.platformUrl);
    const token = await platformToken(ctx, account);
    return Object.keys(options).length
      ? client.setPasswordFreeLimit(token, passwordFreeLimit, options)
      : client.setPasswordFreeLimit(token, passwordFreeLimit);
  });
  const updated = {
    ...account,
    passwordFreeLimit: saved.passwordFreeLimit,
    dailyFreeTotal: saved.dailyFreeTotal,
    ...platformCount(saved.freeSpentToday, ctx.now()),
  };
  await (await ctx.db()).put('account', updated, 'self');
  return updated;
};

/** Top-ups from this amount on ask for a review first; this browser's own choice, kept on it. */
export const settingsTopUpReview: Handler<'settings.topUpReview'> = async (ctx, { above }) => {
  await requireAccount(ctx);
  return { topUpReviewAbove: await setTopUpReviewAbove(ctx, above) };
};

/** News alerts: browser notifications for new messages, checked every few minutes only while on. */
export const settingsNewsAlerts: Handler<'settings.newsAlerts'> = async (ctx, { on }) => {
  await requireAccount(ctx);
  await setNewsAlerts(ctx, on);
  return { newsAlerts: on };
};

import type { Sheet } from '../../protocol/checkout';
import type { Money } from '../../protocol/money';
import { startOfFreeDay } from '../../protocol/pin-rule';
import type { Account } from '../../protocol/wallet';
import type { BackgroundContext } from './context';

/**
 * The daily password-free total as this browser last knew it: the platform's count from the last
 * refresh, plus what payments from here took since. The platform holds the rule (it checks the total
 * again under the wallet's lock); this count lets the sheet ask for the PIN before it has to.
 */

/** The free day a count belongs to (UTC, protocol/pin-rule.ts), as the account keeps it. */
const freeDay = (now: Date) => startOfFreeDay(now).toISOString().slice(0, 10);

/** What password-free payments took today, as last counted: a count from another day is none. */
const spentToday = (account: Account, now: Date): number =>
  account.freeSpentDay === freeDay(now) ? (account.freeSpentToday?.amount ?? 0) : 0;

/** The account's fields for the platform's count of today's password-free spending. */
export const platformCount = (spent: Money, now: Date): Pick<Account, 'freeSpentToday' | 'freeSpentDay'> => ({
  freeSpentToday: spent,
  freeSpentDay: freeDay(now),
});

/** The daily total and today's spending, for the sheet's PIN rule; null before the first refresh. */
export function dailyFreeOf(account: Account, now: Date): Sheet['dailyFree'] {
  if (!account.dailyFreeTotal) return null;
  return { total: account.dailyFreeTotal.amount, spentToday: spentToday(account, now) };
}

/** A password-free payment counts against today's total at once; the next refresh brings the platform's count. */
export async function countFreeSpend(ctx: BackgroundContext, paid: Money): Promise<void> {
  const db = await ctx.db();
  const account = await db.get('account', 'self');
  if (!account?.dailyFreeTotal) return;
  const now = ctx.now();
  const spent = { amount: spentToday(account, now) + paid.amount, currency: paid.currency };
  await db.put('account', { ...account, ...platformCount(spent, now) }, 'self');
}

import type { Money } from '../../protocol/money';
import type { BackgroundContext } from './context';

/** Top-ups from this amount on show a review before the card is charged, unless the person chose otherwise. */
export const TOP_UP_REVIEW_DEFAULT: Money = { amount: 50_000, currency: 'CNY' };
const KEY = 'topUpReviewAbove';

export async function topUpReviewAbove(ctx: BackgroundContext): Promise<Money> {
  const stored = (await (await ctx.db()).get('meta', KEY))?.value;
  return stored ? (JSON.parse(stored) as Money) : TOP_UP_REVIEW_DEFAULT;
}

export async function setTopUpReviewAbove(ctx: BackgroundContext, above: Money): Promise<Money> {
  await (await ctx.db()).put('meta', { key: KEY, value: JSON.stringify(above) });
  return above;
}

import { viaPlatform } from '../errors';
import { platformToken } from '../platform-session';
import type { Handler } from '../router';
import { topUp } from '../top-ups';
import { requireAccount } from './wallet-refresh';

/** The card number and CVV pass through to the platform once; only the returned token and masks are kept. */
export const cardsAdd: Handler<'cards.add'> = async (ctx, card) => {
  const account = await requireAccount(ctx);
  const added = await viaPlatform(async () =>
    ctx.platform(account.platformUrl).addCard(await platformToken(ctx, account), card),
  );
  await (await ctx.db()).put('cards', added);
  return added;
};

/** Top-ups keep their idempotency key until the platform answers: a lost reply never charges twice. */
export const balanceTopUp: Handler<'balance.topup'> = async (ctx, { cardToken, amount }) => {
  await requireAccount(ctx);
  return topUp(ctx, cardToken, amount);
};

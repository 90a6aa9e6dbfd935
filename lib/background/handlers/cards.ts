import { viaPlatform } from '../errors';
import { platformToken } from '../platform-session';
import type { Handler } from '../router';
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

export const balanceTopUp: Handler<'balance.topup'> = async (ctx, request) => {
  const account = await requireAccount(ctx);
  const result = await viaPlatform(async () =>
    ctx.platform(account.platformUrl).topUp(await platformToken(ctx, account), ctx.newId(), request),
  );
  const tx = (await ctx.db()).transaction(['transactions', 'balances'], 'readwrite');
  await Promise.all([
    tx.objectStore('transactions').put(result.transaction),
    tx.objectStore('balances').put(result.balance),
    tx.done,
  ]);
  return result;
};

import { viaPlatform } from '../errors';
import { platformToken } from '../platform-session';
import type { Handler } from '../router';
import { moveMoney, topUp } from '../money-moves';
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

/** Money out to the user's bank account: the account is set (PIN) and the withdrawal made (PIN), one key kept until answered. */
export const walletWithdraw: Handler<'wallet.withdraw'> = async (ctx, { holder, accountNumber, amount, pin }) => {
  const account = await requireAccount(ctx);
  await viaPlatform(async () =>
    ctx
      .platform(account.platformUrl)
      .setWithdrawalAccount(await platformToken(ctx, account), { holder, accountNumber, pin }),
  );
  return moveMoney(ctx, { kind: 'withdrawal', amount }, pin);
};

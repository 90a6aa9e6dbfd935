import type { Card } from '../../../protocol/wallet';
import type { BackgroundContext } from '../context';
import { withPlatform } from '../platform-session';
import type { Handler } from '../router';
import { moveMoney, topUp } from '../money-moves';
import { requireAccount } from '../account';

/** The card number and CVV pass through to the platform once; only the returned token and masks are kept. */
export const cardsAdd: Handler<'cards.add'> = async (ctx, card) => {
  const added = await withPlatform(ctx, (platform, token) => platform.addCard(token, card));
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
  await withPlatform(ctx, (platform, token) => platform.setWithdrawalAccount(token, { holder, accountNumber, pin }));
  return moveMoney(ctx, { kind: 'withdrawal', amount }, pin);
};

/** The platform keeps the cards; this browser's copy is replaced with its answer. */
async function keepCards(ctx: BackgroundContext, cards: Card[]): Promise<{ items: Card[] }> {
  const tx = (await ctx.db()).transaction('cards', 'readwrite');
  await Promise.all([tx.store.clear(), ...cards.map((card) => tx.store.put(card)), tx.done]);
  return { items: cards };
}

export const cardsSetDefault: Handler<'cards.setDefault'> = async (ctx, { cardToken }) => {
  const { items } = await withPlatform(ctx, (platform, token) => platform.setDefaultCard(token, cardToken));
  return keepCards(ctx, items);
};

/** Past payments keep their record of a removed card; it is no longer offered. */
export const cardsRemove: Handler<'cards.remove'> = async (ctx, { cardToken }) => {
  const { items } = await withPlatform(ctx, (platform, token) => platform.removeCard(token, cardToken));
  return keepCards(ctx, items);
};

import type { z } from 'zod';
import type { AddCardBodySchema } from '../../protocol/api';
import type { Platform } from '../context';
import { newId } from '../ids';
import { cardNotAccepted, cardNotFound, cardNumberInvalid } from '../refusals';
import { cardView, walletCards } from '../wallets/wallets';
import { checkCardNumber } from '../../protocol/card-number';
import { CardDeclined } from './network';

/** Tokenizes a card with the network. The number and CVV are used for this call only and never stored. */
export async function addCard(p: Platform, walletId: string, body: z.infer<typeof AddCardBodySchema>) {
  const check = checkCardNumber(body.number);
  if (!check.ok) throw cardNumberInvalid(check.expected);
  let networkToken: string;
  try {
    ({ networkToken } = await p.cards.tokenize(body));
  } catch (error) {
    if (!(error instanceof CardDeclined)) throw error;
    throw cardNotAccepted(error.reason, error.message);
  }
  const hasCards = (await walletCards(p.db, walletId, p.now())).length > 0;
  const row = await p.db
    .insertInto('cards')
    .values({
      token: newId('card'),
      wallet_id: walletId,
      network_token: networkToken,
      brand: check.brand,
      first6: body.number.slice(0, 6),
      last4: body.number.slice(-4),
      exp_month: body.expMonth,
      exp_year: body.expYear,
      holder: body.holder,
      is_default: !hasCards,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return cardView(row, p.cards.sandbox);
}

export async function walletCard(p: Platform, walletId: string, cardToken: string, field = 'cardToken') {
  const card = await p.db
    .selectFrom('cards')
    .selectAll()
    .where('token', '=', cardToken)
    .where('wallet_id', '=', walletId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  if (!card) throw cardNotFound(field);
  return card;
}

/** The card payments and top-ups choose first. */
export async function setDefaultCard(p: Platform, walletId: string, cardToken: string) {
  await walletCard(p, walletId, cardToken, 'id');
  await p.db.transaction().execute(async (tx) => {
    await tx.updateTable('cards').set({ is_default: false }).where('wallet_id', '=', walletId).execute();
    await tx.updateTable('cards').set({ is_default: true }).where('token', '=', cardToken).execute();
  });
  return cardList(p, walletId);
}

/**
 * Removes a card from the wallet. Its row stays, for the payments and top-ups that name it; when it was
 * the default, the oldest card left becomes the default.
 */
export async function removeCard(p: Platform, walletId: string, cardToken: string) {
  const card = await walletCard(p, walletId, cardToken, 'id');
  await p.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('cards')
      .set({ removed_at: p.now(), is_default: false })
      .where('token', '=', cardToken)
      .execute();
    if (!card.is_default) return;
    const [next] = await walletCards(tx, walletId, p.now());
    if (next) await tx.updateTable('cards').set({ is_default: true }).where('token', '=', next.token).execute();
  });
  return cardList(p, walletId);
}

async function cardList(p: Platform, walletId: string) {
  return { items: (await walletCards(p.db, walletId, p.now())).map((card) => cardView(card, p.cards.sandbox)) };
}

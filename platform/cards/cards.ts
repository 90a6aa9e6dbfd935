import type { z } from 'zod';
import type { AddCardBodySchema, TopUpBodySchema } from '../../protocol/api';
import type { Platform } from '../context';
import { once, record } from '../idempotency';
import { newId, requestHash } from '../ids';
import { ensureAccount, postTransfer } from '../ledger/ledger';
import { amountNotPositive, cardNotAccepted, cardNotFound, cardNumberInvalid } from '../refusals';
import { transactionView, cardView, walletCards } from '../wallets/wallets';
import { checkCardNumber } from './card-number';
import { explainRefusal } from '../db/refusal';
import { chargeCard, reverseCharge } from './charges';
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
  const hasCards = (await walletCards(p.db, walletId)).length > 0;
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
    const [next] = await walletCards(tx, walletId);
    if (next) await tx.updateTable('cards').set({ is_default: true }).where('token', '=', next.token).execute();
  });
  return cardList(p, walletId);
}

async function cardList(p: Platform, walletId: string) {
  return { items: (await walletCards(p.db, walletId)).map((card) => cardView(card, p.cards.sandbox)) };
}

/** Moves money from a card into the wallet balance: one card charge, one ledger transfer. */
export async function topUp(p: Platform, walletId: string, key: string, body: z.infer<typeof TopUpBodySchema>) {
  const scope = `wallet:${walletId}`;
  const hash = requestHash({ op: 'topup', ...body });
  return once(p.db, scope, key, hash, async () => {
    const card = await walletCard(p, walletId, body.cardToken);
    const { amount, currency } = body.amount;
    if (amount <= 0) throw amountNotPositive('top-up');
    const charge = await chargeCard(p, {
      walletId,
      cardToken: card.token,
      networkToken: card.network_token,
      amount,
      currency,
      idempotencyKey: `${scope}:${key}`,
    });
    try {
      return await p.db.transaction().execute(async (tx) => {
        const wallet = await ensureAccount(tx, 'wallet', walletId, currency);
        const clearing = await ensureAccount(tx, 'card_clearing', 'network', currency);
        const transferId = newId('tr');
        await postTransfer(
          tx,
          {
            id: transferId,
            kind: 'topup',
            wallet_id: walletId,
            merchant_id: null,
            payment_id: null,
            title: `Top-up from •••• ${card.last4}`,
            amount,
            currency,
          },
          [
            { accountId: clearing, amount: -amount },
            { accountId: wallet, amount },
          ],
        );
        await tx.updateTable('card_charges').set({ status: 'captured' }).where('id', '=', charge.id).execute();
        const transfer = await tx
          .selectFrom('transfers')
          .selectAll()
          .where('id', '=', transferId)
          .executeTakeFirstOrThrow();
        const balance = await tx
          .selectFrom('accounts')
          .select('balance')
          .where('id', '=', wallet)
          .executeTakeFirstOrThrow();
        const stored = {
          status: 201 as const,
          body: { transaction: transactionView(transfer), balance: { currency, amount: balance.balance } },
        };
        await record(tx, scope, key, hash, stored);
        return stored;
      });
    } catch (error) {
      await reverseCharge(p, charge, amount);
      throw explainRefusal(error);
    }
  });
}

import { sql } from 'kysely';
import type { Platform } from '../context';
import type { Tx } from '../db/connect';
import { newId } from '../ids';
import { cardNetworkTimeout, chargeDeclined, keyExpired, keyInUse } from '../refusals';
import { CardDeclined, CardNetworkTimeout } from './network';

export interface Charge {
  id: string;
  chargeId: string;
  idempotencyKey: string;
}

/**
 * Charges a card, with a pending row written first: if the process dies after the network charged
 * but before the payment is recorded, `voidAbandonedCharges` finds the row and voids the charge.
 */
export async function chargeCard(
  p: Platform,
  request: {
    walletId: string;
    cardToken: string;
    networkToken: string;
    amount: number;
    currency: string;
    idempotencyKey: string;
  },
): Promise<Charge> {
  const id = newId('chg');
  const attemptKey = await nextAttemptKey(p, request.idempotencyKey);
  await p.db
    .insertInto('card_charges')
    .values({
      id,
      wallet_id: request.walletId,
      card_token: request.cardToken,
      idempotency_key: attemptKey,
      request_key: request.idempotencyKey,
      amount: request.amount,
      currency: request.currency,
      status: 'pending',
      charge_id: null,
    })
    .execute();
  try {
    const { chargeId } = await p.cards.charge({ ...request, idempotencyKey: attemptKey });
    await p.db.updateTable('card_charges').set({ charge_id: chargeId }).where('id', '=', id).execute();
    return { id, chargeId, idempotencyKey: attemptKey };
  } catch (error) {
    await p.db.updateTable('card_charges').set({ status: 'voided' }).where('id', '=', id).execute();
    if (error instanceof CardDeclined) throw chargeDeclined(error.reason, error.message);
    if (error instanceof CardNetworkTimeout) {
      await p.cards.void({ idempotencyKey: attemptKey });
      throw cardNetworkTimeout(error.message);
    }
    throw error;
  }
}

/**
 * The network key for this request's next charge attempt. An earlier attempt still pending belongs to
 * a request in flight (refused: retry shortly) or, once older than `abandonedChargeMs`, to one that
 * died between the charge and the ledger: it is voided now and the card charged again under a new key,
 * so a retry after a crash settles the payment exactly once instead of being refused for ever.
 */
async function nextAttemptKey(p: Platform, requestKey: string): Promise<string> {
  const earlier = await p.db
    .selectFrom('card_charges')
    .select(['id', 'status', 'created_at', 'idempotency_key'])
    .where('request_key', '=', requestKey)
    .orderBy('created_at', 'desc')
    .execute();
  const last = earlier[0];
  // A captured charge's reply is replayed before any work (`once`); reaching here, it was purged.
  if (last?.status === 'captured') throw keyExpired();
  if (last?.status === 'pending') {
    if (p.now().getTime() - last.created_at.getTime() < p.config.abandonedChargeMs)
      throw keyInUse('This payment is still being processed: retry in a moment.');
    const voided = await p.db
      .updateTable('card_charges')
      .set({ status: 'voided' })
      .where('id', '=', last.id)
      .where('status', '=', 'pending')
      .returning('id')
      .executeTakeFirst();
    if (voided) await p.cards.void({ idempotencyKey: last.idempotency_key });
  }
  return earlier.length === 0 ? requestKey : `${requestKey}#${earlier.length}`;
}

/** Captures a charge in the transaction that records what it paid for (capture_card_charge, card-charges.sql). */
export async function captureCharge(tx: Tx, charge: Charge): Promise<void> {
  await sql`SELECT capture_card_charge(${charge.id})`.execute(tx);
}

/**
 * Gives a charge back when the ledger transaction that should have recorded it failed. Only a pending
 * one: a voided charge was given back by the sweeper already, and a captured one has its payment
 * (the commit went through though its reply was lost) — refunding it would pay the shop from nothing.
 */
export async function reverseCharge(p: Platform, charge: Charge, amount: number): Promise<void> {
  const row = await p.db.selectFrom('card_charges').select('status').where('id', '=', charge.id).executeTakeFirst();
  if (row?.status !== 'pending') return;
  await p.cards.refund({ chargeId: charge.chargeId, amount, idempotencyKey: `reverse:${charge.idempotencyKey}` });
  await p.db
    .updateTable('card_charges')
    .set({ status: 'voided' })
    .where('id', '=', charge.id)
    .where('status', '=', 'pending')
    .execute();
}

/** Voids charges left pending longer than `olderThanMs`: the request that made them died. */
export async function voidAbandonedCharges(p: Platform, olderThanMs: number): Promise<number> {
  const stale = await p.db
    .updateTable('card_charges')
    .set({ status: 'voided' })
    .where('status', '=', 'pending')
    .where('created_at', '<', new Date(p.now().getTime() - olderThanMs))
    .returning(['idempotency_key'])
    .execute();
  for (const { idempotency_key } of stale) await p.cards.void({ idempotencyKey: idempotency_key });
  return stale.length;
}

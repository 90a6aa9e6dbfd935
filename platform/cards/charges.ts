import type { Platform } from '../context';
import { newId } from '../ids';
import { ApiError } from '../problem';
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
  await p.db
    .insertInto('card_charges')
    .values({
      id,
      wallet_id: request.walletId,
      card_token: request.cardToken,
      idempotency_key: request.idempotencyKey,
      amount: request.amount,
      currency: request.currency,
      status: 'pending',
      charge_id: null,
    })
    .execute();
  try {
    const { chargeId } = await p.cards.charge(request);
    await p.db.updateTable('card_charges').set({ charge_id: chargeId }).where('id', '=', id).execute();
    return { id, chargeId, idempotencyKey: request.idempotencyKey };
  } catch (error) {
    await p.db.updateTable('card_charges').set({ status: 'voided' }).where('id', '=', id).execute();
    if (error instanceof CardDeclined) {
      throw new ApiError(
        402,
        error.reason === 'insufficient_funds' ? 'card_insufficient_funds' : 'card_declined',
        error.message,
      );
    }
    if (error instanceof CardNetworkTimeout) {
      await p.cards.void({ idempotencyKey: request.idempotencyKey });
      throw new ApiError(504, 'card_network_timeout', error.message);
    }
    throw error;
  }
}

/** Gives a charge back when the ledger transaction that should have recorded it failed. */
export async function reverseCharge(p: Platform, charge: Charge, amount: number): Promise<void> {
  await p.cards.refund({ chargeId: charge.chargeId, amount, idempotencyKey: `reverse:${charge.idempotencyKey}` });
  await p.db.updateTable('card_charges').set({ status: 'voided' }).where('id', '=', charge.id).execute();
}

/** Voids charges left pending longer than `olderThanMs`: the request that made them died. */
export async function voidAbandonedCharges(p: Platform, olderThanMs = 60_000): Promise<number> {
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

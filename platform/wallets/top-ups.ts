import type { z } from 'zod';
import type { TopUpBodySchema } from '../../protocol/api';
import { walletCard } from '../cards/cards';
import { captureCharge, chargeCard, reverseCharge } from '../cards/charges';
import type { Platform } from '../context';
import { explainRefusal } from '../db/refusal';
import { once } from '../idempotency';
import { requestHash } from '../ids';
import { amountNotPositive } from '../refusals';
import { postMove } from './money-moves';

/**
 * Moves money from a card into the wallet balance: one card charge, then one transaction that posts
 * the transfer, captures the charge and stores the reply. A failure after the charge gives it back.
 */
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
        const stored = await postMove(tx, {
          kind: 'topup',
          walletId,
          last4: card.last4,
          amount: body.amount,
          reply: { scope, key, hash },
        });
        await captureCharge(tx, charge);
        return stored;
      });
    } catch (error) {
      await reverseCharge(p, charge, amount);
      throw explainRefusal(error);
    }
  });
}

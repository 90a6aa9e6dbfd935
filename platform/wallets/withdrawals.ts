import type { z } from 'zod';
import type { WithdrawalAccountBodySchema } from '../../protocol/api';
import type { Money } from '../../protocol/money';
import type { Platform } from '../context';
import { once } from '../idempotency';
import { requestHash } from '../ids';
import { amountNotPositive, InsufficientFunds, noWithdrawalAccount, withdrawalAboveBalance } from '../refusals';
import { requireFreshPin } from './pin';
import { postMove } from './money-moves';

type Session = { walletId: string; sessionHash: string };

/** Sets where withdrawals go. A step-up: someone at an unlocked browser must not redirect the money. */
export async function setWithdrawalAccount(
  p: Platform,
  session: Session,
  body: z.infer<typeof WithdrawalAccountBodySchema>,
) {
  await requireFreshPin(p.db, session, body.pin, p.now(), 'Changing where withdrawals go');
  const last4 = body.accountNumber.slice(-4);
  await p.db
    .updateTable('wallets')
    .set({ withdrawal_holder: body.holder, withdrawal_last4: last4 })
    .where('id', '=', session.walletId)
    .execute();
  return { holder: body.holder, last4 };
}

/**
 * Takes money out: a ledger transfer from the wallet to the bank-payouts account, idempotent by key.
 * The sandbox bank pays at once, so the withdrawal is done when this returns. Refused above the balance.
 */
export async function withdraw(p: Platform, session: Session, key: string, body: { amount: Money; pin?: string }) {
  const scope = `wallet:${session.walletId}`;
  const { pin: _pin, ...operation } = body;
  const hash = requestHash({ op: 'withdrawal', ...operation });
  return once(p.db, scope, key, hash, async () => {
    await requireFreshPin(p.db, session, body.pin, p.now(), 'A withdrawal');
    const wallet = await p.db
      .selectFrom('wallets')
      .select('withdrawal_last4')
      .where('id', '=', session.walletId)
      .executeTakeFirstOrThrow();
    if (!wallet.withdrawal_last4) throw noWithdrawalAccount();
    if (body.amount.amount <= 0) throw amountNotPositive('withdrawal');
    const move = {
      kind: 'withdrawal' as const,
      walletId: session.walletId,
      last4: wallet.withdrawal_last4,
      amount: body.amount,
      reply: { scope, key, hash },
    };
    try {
      return await p.db.transaction().execute((tx) => postMove(tx, move));
    } catch (error) {
      throw error instanceof InsufficientFunds ? withdrawalAboveBalance() : error;
    }
  });
}

import type { z } from 'zod';
import type { TopUpResultSchema, WithdrawalAccountBodySchema } from '../../protocol/api';
import type { Money } from '../../protocol/money';
import type { Platform } from '../context';
import { once, record, type Stored } from '../idempotency';
import { newId, requestHash } from '../ids';
import { ensureAccount, postTransfer } from '../ledger/ledger';
import { amountNotPositive, InsufficientFunds, noWithdrawalAccount, withdrawalAboveBalance } from '../refusals';
import { requireFreshPin } from './pin';
import { transactionView } from './wallets';

type Session = { walletId: string; sessionHash: string };
type Result = z.infer<typeof TopUpResultSchema>;

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
  return once(p.db, scope, key, hash, async (): Promise<Stored<Result>> => {
    await requireFreshPin(p.db, session, body.pin, p.now(), 'A withdrawal');
    const wallet = await p.db
      .selectFrom('wallets')
      .select(['withdrawal_holder', 'withdrawal_last4'])
      .where('id', '=', session.walletId)
      .executeTakeFirstOrThrow();
    if (!wallet.withdrawal_last4) throw noWithdrawalAccount();
    const { amount, currency } = body.amount;
    if (amount <= 0) throw amountNotPositive('withdrawal');
    return p.db.transaction().execute(async (tx) => {
      const from = await ensureAccount(tx, 'wallet', session.walletId, currency);
      const to = await ensureAccount(tx, 'bank_payouts', session.walletId, currency);
      const transferId = newId('tr');
      const transfer = {
        id: transferId,
        kind: 'withdrawal' as const,
        wallet_id: session.walletId,
        merchant_id: null,
        payment_id: null,
      };
      try {
        await postTransfer(
          tx,
          { ...transfer, title: `Withdrawal to bank •••• ${wallet.withdrawal_last4}`, amount, currency },
          [
            { accountId: from, amount: -amount },
            { accountId: to, amount },
          ],
        );
      } catch (error) {
        if (error instanceof InsufficientFunds) throw withdrawalAboveBalance();
        throw error;
      }
      const row = await tx.selectFrom('transfers').selectAll().where('id', '=', transferId).executeTakeFirstOrThrow();
      const balance = await tx
        .selectFrom('accounts')
        .select('balance')
        .where('id', '=', from)
        .executeTakeFirstOrThrow();
      const stored: Stored<Result> = {
        status: 201,
        body: { transaction: transactionView(row), balance: { currency, amount: balance.balance } },
      };
      await record(tx, scope, key, hash, stored);
      return stored;
    });
  });
}

import type { z } from 'zod';
import type { TopUpResultSchema } from '../../protocol/api';
import type { Money } from '../../protocol/money';
import { record, type ReplyKey, type Stored } from '../idempotency';
import { ensureAccount, postBetween } from '../ledger/ledger';
import type { Tx } from '../db/connect';
import { transactionView } from './wallets';

type MoveResult = z.infer<typeof TopUpResultSchema>;

type Counterparty = { kind: 'card_clearing' | 'bank_payouts'; owner: string };

/** Money into the wallet from a card, or out of it to the bank: the account on the other side. */
const COUNTERPARTY: Record<'topup' | 'withdrawal', (walletId: string) => Counterparty> = {
  topup: () => ({ kind: 'card_clearing', owner: 'network' }),
  withdrawal: (walletId) => ({ kind: 'bank_payouts', owner: walletId }),
};

interface Move {
  kind: keyof typeof COUNTERPARTY;
  walletId: string;
  /** The last four digits of the card (a top-up) or bank account (a withdrawal) on the other side. */
  last4: string;
  amount: Money;
  reply: ReplyKey;
}

/** The statement's words for a move; the wallet says it in its reader's language from `last4`. */
const TITLE = {
  topup: (last4: string) => `Top-up from •••• ${last4}`,
  withdrawal: (last4: string) => `Withdrawal to bank •••• ${last4}`,
};

/**
 * One move of money between a wallet and outside, in the caller's transaction: the transfer posted
 * (refused as InsufficientFunds when a withdrawal is above the balance), and the reply — the history
 * line and the wallet's new balance, as the posting returned them — stored for its idempotency key.
 */
export async function postMove(tx: Tx, move: Move): Promise<Stored<MoveResult>> {
  const { amount, currency } = move.amount;
  const other = COUNTERPARTY[move.kind](move.walletId);
  const wallet = await ensureAccount(tx, 'wallet', move.walletId, currency);
  const outside = await ensureAccount(tx, other.kind, other.owner, currency);
  const [from, to] = move.kind === 'topup' ? [outside, wallet] : [wallet, outside];
  const { transfer, balances } = await postBetween(tx, from, to, {
    kind: move.kind,
    wallet_id: move.walletId,
    title: TITLE[move.kind](move.last4),
    counterparty_last4: move.last4,
    amount,
    currency,
  });
  const balance = balances.get(wallet);
  if (balance === undefined) throw new Error('invariant: a wallet leg is posted to its balance row, never the backlog');
  const stored: Stored<MoveResult> = {
    status: 201,
    body: { transaction: transactionView(transfer), balance: { currency, amount: balance } },
  };
  await record(tx, move.reply, stored);
  return stored;
}

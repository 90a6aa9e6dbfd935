import type { Insertable, Transaction } from 'kysely';
import type { DB } from '../db/connect';
import type { AccountsTable, Database, TransfersTable } from '../db/schema';
import { ApiError } from '../problem';

export type Tx = Transaction<Database>;
type AccountKind = AccountsTable['kind'];

/**
 * The ledger's invariants, each also enforced by the database itself:
 * 1. Postings are never changed or deleted (trigger).
 * 2. The postings of one transfer sum to zero in each currency (deferred trigger at commit, and here).
 * 3. An account's balance is the sum of its postings, kept in the same transaction.
 * 4. No account but an external one goes below zero (check constraint, and the guarded update here).
 */

export const accountId = (kind: AccountKind, ownerId: string, currency: string) => `${kind}:${ownerId}:${currency}`;

/** The account for an owner, kind and currency, created on first use. */
export async function ensureAccount(tx: Tx, kind: AccountKind, ownerId: string, currency: string): Promise<string> {
  const id = accountId(kind, ownerId, currency);
  await tx
    .insertInto('accounts')
    .values({
      id,
      owner_id: ownerId,
      kind,
      currency,
      allow_negative: kind === 'card_clearing' || kind === 'bank_payouts',
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return id;
}

export class InsufficientFunds extends ApiError {
  constructor(readonly accountId: string) {
    super(402, 'insufficient_balance', 'The balance is too low for this amount.');
  }
}

export interface Leg {
  accountId: string;
  amount: number;
}

/** Posts one transfer: the transfer row, its postings, and the balances they move, or nothing. */
export async function postTransfer(
  tx: Tx,
  transfer: Insertable<TransfersTable> & { amount: number; currency: string },
  legs: Leg[],
): Promise<void> {
  if (legs.reduce((sum, leg) => sum + leg.amount, 0) !== 0) throw new Error(`transfer ${transfer.id} does not balance`);
  if (legs.some((leg) => !Number.isSafeInteger(leg.amount) || leg.amount === 0)) {
    throw new Error(`transfer ${transfer.id} has a leg that is not a non-zero integer`);
  }
  await tx.insertInto('transfers').values(transfer).execute();
  await tx
    .insertInto('postings')
    .values(
      legs.map((leg) => ({
        transfer_id: transfer.id,
        account_id: leg.accountId,
        amount: leg.amount,
        currency: transfer.currency,
      })),
    )
    .execute();
  // One lock order for every transfer, so two transfers over the same accounts cannot deadlock.
  for (const leg of [...legs].sort((a, b) => a.accountId.localeCompare(b.accountId))) {
    const updated = await tx
      .updateTable('accounts')
      .set((eb) => ({ balance: eb('balance', '+', leg.amount) }))
      .where('id', '=', leg.accountId)
      .where('currency', '=', transfer.currency)
      .where((eb) => eb.or([eb('allow_negative', '=', true), eb(eb('balance', '+', leg.amount), '>=', 0)]))
      .returning('balance')
      .executeTakeFirst();
    if (!updated) throw new InsufficientFunds(leg.accountId);
  }
}

export async function balanceOf(tx: Tx | DB, id: string): Promise<number> {
  const row = await tx.selectFrom('accounts').select('balance').where('id', '=', id).executeTakeFirst();
  return row?.balance ?? 0;
}

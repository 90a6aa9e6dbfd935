import { sql, type Insertable, type Selectable } from 'kysely';
import type { DB, Tx } from '../db/connect';
import { explainRefusal } from '../db/refusal';
import { newId } from '../ids';
import type { AccountsTable, TransfersTable } from '../db/schema';

type AccountKind = AccountsTable['kind'];

/**
 * The ledger's invariants, each also enforced by the database itself:
 * 1. Postings are never changed or deleted (trigger).
 * 2. The postings of one transfer sum to zero in each currency (deferred trigger at commit, and on posting).
 * 3. An account's balance row plus its backlog is the sum of its postings, in every committed state.
 * 4. No account but an external one goes below zero (check constraint, and the guarded update on posting).
 *
 * The backlog keeps hot accounts off the payment's critical path. Every payment credits its merchant's
 * one pending (or escrow) account, and every card payment moves the network's one clearing account: a
 * balance update there would make all payments to a shop wait on that row's lock, one commit at a time.
 * A leg that cannot take such an account below zero (a credit, or any leg of an account that may go
 * negative) is appended as a posting plus a backlog row and takes no lock on the account. Whoever debits
 * a shared account that must stay non-negative first rolls its backlog up, under the account's row lock,
 * so the balance check sees every committed credit. Reads add the backlog (`balanceOf`, `balanceSql`);
 * housekeeping rolls backlogs up so they stay short. Chosen over sub-accounts because it keeps one
 * account per owner (statements and settlement unchanged), and over a single writer because any number
 * of platform processes may post.
 *
 * These rules run in the database, in the SQL functions of ledger.sql beside this file (posting,
 * opening accounts, rolling up), so a payment posts its transfer inside its one statement; this module
 * is how the rest of the platform calls them.
 */

export const accountId = (kind: AccountKind, ownerId: string, currency: string) => `${kind}:${ownerId}:${currency}`;

/** The account for an owner, kind and currency, created on first use. */
export async function ensureAccount(tx: Tx, kind: AccountKind, ownerId: string, currency: string): Promise<string> {
  const id = accountId(kind, ownerId, currency);
  await sql`SELECT ledger_open_accounts(ARRAY[${id}::text])`.execute(tx);
  return id;
}

export interface Leg {
  accountId: string;
  amount: number;
}

/** Adds an account's backlog to its balance row, under the row's lock, and returns the balance. */
export async function rollUp(tx: Tx, id: string): Promise<number> {
  const { rows } = await sql<{ balance: number }>`SELECT ledger_roll_up(${id}) AS balance`.execute(tx);
  return Number(rows[0]!.balance);
}

/** A transfer row as the database functions return it (JSON: its time is text). */
const transferRow = (row: Omit<Selectable<TransfersTable>, 'created_at'> & { created_at: string | Date }) => ({
  ...row,
  created_at: new Date(row.created_at),
});

/** Posts one transfer: the transfer row, its postings, and the balances they move, or nothing. */
export async function postTransfer(
  tx: Tx,
  transfer: Insertable<TransfersTable> & { amount: number; currency: string },
  legs: Leg[],
): Promise<{ transfer: Selectable<TransfersTable>; balances: Map<string, number> }> {
  try {
    const { rows } = await sql<{ posted: { transfer: Selectable<TransfersTable>; balances: Record<string, number> } }>`
      SELECT ledger_post_transfer(${JSON.stringify(transfer)}::jsonb, ${JSON.stringify(legs)}::jsonb) AS posted`.execute(
      tx,
    );
    const { transfer: row, balances } = rows[0]!.posted;
    return { transfer: transferRow(row), balances: new Map(Object.entries(balances)) };
  } catch (error) {
    throw explainRefusal(error);
  }
}

/** A transfer of one amount, written in the platform's words (`title`), from one account to another. */
export type Movement = Omit<Insertable<TransfersTable>, 'id' | 'amount' | 'currency'> & {
  amount: number;
  currency: string;
};

/** Posts a transfer of its amount from one account to another: the shape most of the platform's transfers take. */
export function postBetween(tx: Tx, from: string, to: string, movement: Movement) {
  return postTransfer(tx, { id: newId('tr'), ...movement }, [
    { accountId: from, amount: -movement.amount },
    { accountId: to, amount: movement.amount },
  ]);
}

/** An account's balance as SQL: its row plus its backlog. For reads that list several accounts. */
export const balanceSql = sql<number>`(accounts.balance + coalesce((SELECT sum(b.amount) FROM posting_backlog b WHERE b.account_id = accounts.id), 0))::bigint`;

export async function balanceOf(tx: Tx | DB, id: string): Promise<number> {
  const row = await tx.selectFrom('accounts').select(balanceSql.as('balance')).where('id', '=', id).executeTakeFirst();
  return row?.balance ?? 0;
}

/** Rolls up every account's backlog, one short transaction each; housekeeping, so backlogs stay short. */
export async function rollUpBacklogs(db: DB): Promise<number> {
  const accounts = await db.selectFrom('posting_backlog').select('account_id').distinct().execute();
  for (const { account_id } of accounts) await db.transaction().execute((tx) => rollUp(tx, account_id));
  return accounts.length;
}

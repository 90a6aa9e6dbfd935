import { sql, type Insertable, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../db/connect';
import type { AccountsTable, Database, TransfersTable } from '../db/schema';
import { ApiError } from '../problem';

export type Tx = Transaction<Database>;
type AccountKind = AccountsTable['kind'];

/**
 * The ledger's invariants, each also enforced by the database itself:
 * 1. Postings are never changed or deleted (trigger).
 * 2. The postings of one transfer sum to zero in each currency (deferred trigger at commit, and here).
 * 3. An account's balance row plus its backlog is the sum of its postings, in every committed state.
 * 4. No account but an external one goes below zero (check constraint, and the guarded update here).
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
 */

/** Kinds that many wallets post to at once: their lock-free legs go to the backlog. */
const SHARED_KINDS: ReadonlySet<AccountKind> = new Set(['merchant_pending', 'escrow', 'card_clearing']);
/** Kinds outside Pouch's books (the card network, banks), which may show money owed. */
const EXTERNAL_KINDS: ReadonlySet<AccountKind> = new Set(['card_clearing', 'bank_payouts']);

export const accountId = (kind: AccountKind, ownerId: string, currency: string) => `${kind}:${ownerId}:${currency}`;
const kindOf = (id: string) => id.slice(0, id.indexOf(':')) as AccountKind;
/** The account an id names, to open it: the id is `kind:owner:currency`. */
const accountOf = (id: string) => {
  const kind = kindOf(id);
  const currency = id.slice(id.lastIndexOf(':') + 1);
  const ownerId = id.slice(kind.length + 1, id.length - currency.length - 1);
  return { id, kind, owner_id: ownerId, currency, allow_negative: EXTERNAL_KINDS.has(kind) };
};

/**
 * Opens the named accounts that do not exist yet. Existing ones are skipped by a plain read first:
 * `ON CONFLICT` alone would wait for any transaction holding the row's lock (a roll-up, a refund),
 * which a payment already holding its wallet's row must not do. `ON CONFLICT` still settles two
 * first uses racing.
 */
const openAccounts = (tx: Tx, ids: string[]) =>
  tx
    .insertInto('accounts')
    .columns(['id', 'owner_id', 'kind', 'currency', 'allow_negative'])
    .expression(
      sql`SELECT * FROM (VALUES ${sql.join(
        ids
          .map(accountOf)
          .map((a) => sql`(${a.id}, ${a.owner_id}, ${a.kind}, ${a.currency}, ${a.allow_negative}::boolean)`),
      )}) AS v (id, owner_id, kind, currency, allow_negative)
      WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = v.id)`,
    )
    .onConflict((oc) => oc.doNothing());

/** The account for an owner, kind and currency, created on first use. */
export async function ensureAccount(tx: Tx, kind: AccountKind, ownerId: string, currency: string): Promise<string> {
  const id = accountId(kind, ownerId, currency);
  await openAccounts(tx, [id]).execute();
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

/** A leg that needs no lock: credits to a shared account, and any leg of a shared external account. */
const toBacklog = (leg: Leg) =>
  SHARED_KINDS.has(kindOf(leg.accountId)) && (leg.amount > 0 || EXTERNAL_KINDS.has(kindOf(leg.accountId)));

/**
 * Adds an account's backlog to its balance row, under the row's lock (taken first, so two roll-ups of
 * one account queue on the row rather than deadlock on backlog rows), and returns the balance.
 */
export async function rollUp(tx: Tx, id: string): Promise<number> {
  await tx.selectFrom('accounts').select('id').where('id', '=', id).forNoKeyUpdate().execute();
  const row = await tx
    .with('rolled', (db) => db.deleteFrom('posting_backlog').where('account_id', '=', id).returning('amount'))
    .updateTable('accounts')
    .set({ balance: sql`balance + (SELECT coalesce(sum(amount), 0) FROM rolled)` })
    .where('id', '=', id)
    .returning('balance')
    .executeTakeFirst();
  return row?.balance ?? 0;
}

/** Posts one transfer: the transfer row, its postings, and the balances they move, or nothing. */
export async function postTransfer(
  tx: Tx,
  transfer: Insertable<TransfersTable> & { amount: number; currency: string },
  legs: Leg[],
): Promise<{ transfer: Selectable<TransfersTable>; balances: Map<string, number> }> {
  if (legs.reduce((sum, leg) => sum + leg.amount, 0) !== 0) throw new Error(`transfer ${transfer.id} does not balance`);
  if (legs.some((leg) => !Number.isSafeInteger(leg.amount) || leg.amount === 0)) {
    throw new Error(`transfer ${transfer.id} has a leg that is not a non-zero integer`);
  }
  const balances = new Map<string, number>();
  // Balances first, so a refusal comes before anything is written; one lock order for every
  // transfer, so two transfers over the same accounts cannot deadlock.
  for (const leg of legs.filter((l) => !toBacklog(l)).sort((a, b) => a.accountId.localeCompare(b.accountId))) {
    if (SHARED_KINDS.has(kindOf(leg.accountId))) await rollUp(tx, leg.accountId);
    const updated = await tx
      .updateTable('accounts')
      .set((eb) => ({ balance: eb('balance', '+', leg.amount) }))
      .where('id', '=', leg.accountId)
      .where('currency', '=', transfer.currency)
      .where((eb) => eb.or([eb('allow_negative', '=', true), eb(eb('balance', '+', leg.amount), '>=', 0)]))
      .returning('balance')
      .executeTakeFirst();
    if (!updated) throw new InsufficientFunds(leg.accountId);
    balances.set(leg.accountId, updated.balance);
  }
  // Then the transfer, its postings, the backlog rows and any account not opened yet, in one statement
  // (one round trip): a payment in a shop's new currency opens its pending account here. (A leg
  // applied above had its account already, or its update found no row and was refused.)
  const backlog = legs.filter(toBacklog).map((leg) => leg.accountId);
  const row = await tx
    .with('opened', () =>
      openAccounts(
        tx,
        legs.map((leg) => leg.accountId),
      ),
    )
    .with('transfer', (db) => db.insertInto('transfers').values(transfer).returningAll())
    .with('posted', (db) =>
      db
        .insertInto('postings')
        .values(
          legs.map((leg) => ({
            transfer_id: transfer.id,
            account_id: leg.accountId,
            amount: leg.amount,
            currency: transfer.currency,
          })),
        )
        .returning(['id', 'account_id', 'amount']),
    )
    .with('backlog', (db) =>
      db
        .insertInto('posting_backlog')
        .columns(['posting_id', 'account_id', 'amount'])
        .expression((eb) =>
          eb
            .selectFrom('posted')
            .select(['id', 'account_id', 'amount'])
            .where((w) => (backlog.length ? w('account_id', 'in', backlog) : w.lit(false))),
        ),
    )
    .selectFrom('transfer')
    .selectAll()
    .executeTakeFirstOrThrow();
  return { transfer: row, balances };
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

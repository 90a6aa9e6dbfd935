import { sql } from 'kysely';
import { DAY_MS } from '../../protocol/time';
import { csvField } from '../../protocol/csv';
import type { Platform } from '../context';
import type { DB } from '../db/connect';
import { newId } from '../ids';
import { balanceSql, ensureAccount, postBetween, rollUp } from '../ledger/ledger';
import { statementPeriodEmpty } from '../refusals';
import { enqueueEvent } from '../webhooks/outbox';
import { payoutsHeld } from './bank-account';

/** Money becomes available to the merchant a day after it arrived (T+1). */
const MATURITY_MS = DAY_MS;

const dayOf = (now: Date) => now.toISOString().slice(0, 10);

export async function merchantBalance(db: DB, merchantId: string) {
  const rows = await db
    .selectFrom('accounts')
    .select(['kind', 'currency', balanceSql.as('balance')])
    .where('owner_id', '=', merchantId)
    .execute();
  const currencies = [...new Set(rows.map((r) => r.currency))].sort();
  const of = (kind: string, currency: string) =>
    rows.find((r) => r.kind === kind && r.currency === currency)?.balance ?? 0;
  return {
    items: currencies.map((currency) => ({
      currency,
      inEscrow: of('escrow', currency),
      pending: of('merchant_pending', currency),
      available: of('merchant_available', currency),
      paidOut: of('bank_payouts', currency),
    })),
  };
}

/** Moves what has sat in pending for a day to available: the balance less what arrived since then. */
async function settleMerchant(p: Platform, pendingId: string, now: Date): Promise<number> {
  return p.db.transaction().execute(async (tx) => {
    const balance = await rollUp(tx, pendingId);
    const account = await tx.selectFrom('accounts').selectAll().where('id', '=', pendingId).executeTakeFirstOrThrow();
    const recent = await tx
      .selectFrom('postings')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), sql<number>`0`).as('sum'))
      .where('account_id', '=', pendingId)
      .where('created_at', '>', new Date(now.getTime() - MATURITY_MS))
      .executeTakeFirstOrThrow();
    const matured = balance - Math.max(0, Number(recent.sum));
    if (matured <= 0) return 0;
    const available = await ensureAccount(tx, 'merchant_available', account.owner_id, account.currency);
    await postBetween(tx, pendingId, available, {
      kind: 'settlement',
      merchant_id: account.owner_id,
      title: 'Settled: pending → available',
      amount: matured,
      currency: account.currency,
    });
    return matured;
  });
}

/** Pays a merchant's available balance to its (sandbox) bank account, once a day per currency. */
async function payOut(p: Platform, availableId: string, now: Date): Promise<boolean> {
  const day = dayOf(now);
  const paid = await p.db.transaction().execute(async (tx) => {
    const account = await tx
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', availableId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const bank = await tx
      .selectFrom('bank_accounts')
      .selectAll()
      .where('merchant_id', '=', account.owner_id)
      .executeTakeFirst();
    if (account.balance <= 0 || !bank || payoutsHeld(bank, now)) return false;
    const merchant = await tx
      .selectFrom('merchants')
      .select(['id', 'webhook_url'])
      .where('id', '=', account.owner_id)
      .executeTakeFirstOrThrow();
    const payoutId = newId('po');
    const bankAccount = await ensureAccount(tx, 'bank_payouts', account.owner_id, account.currency);
    await postBetween(tx, availableId, bankAccount, {
      kind: 'payout',
      merchant_id: account.owner_id,
      title: `Payout to bank •••• ${bank.last4}`,
      counterparty_last4: bank.last4,
      amount: account.balance,
      currency: account.currency,
    });
    const payout = await tx
      .insertInto('payouts')
      .values({
        id: payoutId,
        merchant_id: account.owner_id,
        day,
        amount: account.balance,
        currency: account.currency,
        bank_last4: bank.last4,
        status: 'paid',
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await enqueueEvent(tx, merchant, 'payout.paid', { payout: payoutView(payout) });
    return true;
  });
  return paid;
}

const payoutView = (row: {
  id: string;
  day: string;
  amount: number;
  currency: string;
  bank_last4: string;
  status: string;
  created_at: Date;
}) => ({
  id: row.id,
  day: row.day,
  amount: { amount: row.amount, currency: row.currency },
  bankLast4: row.bank_last4,
  status: row.status,
  createdAt: row.created_at.toISOString(),
});

/**
 * The daily batch: the first process to claim the day settles every merchant's matured money and pays
 * out every available balance. Returns null when another run has the day already.
 */
export async function runSettlement(
  p: Platform,
  now = p.now(),
): Promise<{ day: string; settled: number; payouts: number } | null> {
  const day = dayOf(now);
  const claimed = await p.db
    .insertInto('settlement_runs')
    .values({ day })
    .onConflict((oc) => oc.doNothing())
    .returning('day')
    .executeTakeFirst();
  if (!claimed) return null;
  let settled = 0;
  let payouts = 0;
  for (const { id } of await p.db
    .selectFrom('accounts')
    .select('id')
    .where('kind', '=', 'merchant_pending')
    .where(balanceSql, '>', 0)
    .execute()) {
    if ((await settleMerchant(p, id, now)) > 0) settled++;
  }
  for (const { id } of await p.db
    .selectFrom('accounts')
    .select('id')
    .where('kind', '=', 'merchant_available')
    .where('balance', '>', 0)
    .execute()) {
    if (await payOut(p, id, now)) payouts++;
  }
  if (payouts) p.kickWebhooks();
  return { day, settled, payouts };
}

export async function listPayouts(db: DB, merchantId: string) {
  const rows = await db
    .selectFrom('payouts')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
  return { items: rows.map(payoutView) };
}

/** Every posting on the merchant's accounts between two dates, as CSV for the accountant. */
export async function statementCsv(db: DB, merchantId: string, from: Date, to: Date): Promise<string> {
  if (!(from < to)) throw statementPeriodEmpty();
  const rows = await db
    .selectFrom('postings')
    .innerJoin('accounts', 'accounts.id', 'postings.account_id')
    .innerJoin('transfers', 'transfers.id', 'postings.transfer_id')
    .select([
      'postings.created_at',
      'transfers.kind',
      'transfers.id as transfer_id',
      'transfers.payment_id',
      'transfers.title',
      'accounts.kind as account',
      'postings.amount',
      'postings.currency',
    ])
    .where('accounts.owner_id', '=', merchantId)
    .where('postings.created_at', '>=', from)
    .where('postings.created_at', '<', to)
    .orderBy('postings.created_at')
    .orderBy('postings.id')
    .execute();
  const header = ['time', 'kind', 'transfer', 'payment', 'description', 'account', 'amount_minor', 'currency'];
  const lines = rows.map((r) =>
    [r.created_at.toISOString(), r.kind, r.transfer_id, r.payment_id, r.title, r.account, r.amount, r.currency]
      // The description holds the shop's and its order's words.
      .map((value, column) => csvField(value, column === 4))
      .join(','),
  );
  return [header.join(','), ...lines].join('\n') + '\n';
}

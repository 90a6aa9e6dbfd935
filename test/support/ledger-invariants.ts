import { sql } from 'kysely';
import type { DB } from '../../platform/db/connect';

/**
 * The ledger's invariants, read straight from the database. Returns every violation found, so a
 * test can `expect(await ledgerViolations(db)).toEqual([])` and see what broke.
 */
export async function ledgerViolations(db: DB): Promise<string[]> {
  const problems: string[] = [];
  const unbalanced = await sql<{ currency: string; total: string }>`
    SELECT currency, sum(amount)::text AS total FROM postings GROUP BY currency HAVING sum(amount) <> 0`.execute(db);
  for (const row of unbalanced.rows) problems.push(`postings in ${row.currency} sum to ${row.total}, not 0`);

  const transfers = await sql<{ transfer_id: string }>`
    SELECT transfer_id FROM postings GROUP BY transfer_id, currency HAVING sum(amount) <> 0`.execute(db);
  for (const row of transfers.rows) problems.push(`transfer ${row.transfer_id} does not balance`);

  // A balance is its row plus its backlog (postings to a shared account not rolled up yet).
  const drift = await sql<{ id: string; balance: string; posted: string }>`
    SELECT a.id, (a.balance + coalesce(b.backlog, 0))::text AS balance, coalesce(p.posted, 0)::text AS posted
      FROM accounts a
      LEFT JOIN (SELECT account_id, sum(amount) AS posted FROM postings GROUP BY account_id) p ON p.account_id = a.id
      LEFT JOIN (SELECT account_id, sum(amount) AS backlog FROM posting_backlog GROUP BY account_id) b ON b.account_id = a.id
     WHERE a.balance + coalesce(b.backlog, 0) <> coalesce(p.posted, 0)`.execute(db);
  for (const row of drift.rows)
    problems.push(`account ${row.id} says ${row.balance} but its postings sum to ${row.posted}`);

  const negative = await sql<{ id: string }>`
    SELECT a.id FROM accounts a WHERE NOT a.allow_negative
       AND a.balance + coalesce((SELECT sum(amount) FROM posting_backlog b WHERE b.account_id = a.id), 0) < 0`.execute(
    db,
  );
  for (const row of negative.rows) problems.push(`account ${row.id} is negative`);

  const strays = await sql<{ posting_id: string }>`
    SELECT b.posting_id FROM posting_backlog b JOIN postings p ON p.id = b.posting_id
     WHERE p.account_id <> b.account_id OR p.amount <> b.amount`.execute(db);
  for (const row of strays.rows) problems.push(`backlog row ${row.posting_id} differs from its posting`);

  const orphans = await sql<{ id: string }>`
    SELECT p.id FROM payments p WHERE (SELECT count(*) FROM transfers t WHERE t.payment_id = p.id AND t.kind = 'payment') <> 1`.execute(
    db,
  );
  for (const row of orphans.rows) problems.push(`payment ${row.id} does not have exactly one payment transfer`);

  const refunds = await sql<{ id: string }>`
    SELECT p.id FROM payments p WHERE p.refunded_amount <> (SELECT coalesce(sum(r.amount), 0) FROM refunds r WHERE r.payment_id = p.id)`.execute(
    db,
  );
  for (const row of refunds.rows) problems.push(`payment ${row.id} refunded_amount disagrees with its refunds`);

  const unpaidJti = await sql<{ jti: string }>`
    SELECT u.jti FROM used_tags u WHERE NOT EXISTS (SELECT 1 FROM payments p WHERE p.merchant_id = u.merchant_id AND p.tag_jti = u.jti)`.execute(
    db,
  );
  for (const row of unpaidJti.rows) problems.push(`tag ${row.jti} was consumed without a payment`);
  return problems;
}

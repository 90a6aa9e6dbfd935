import type { Platform } from '../context';
import type { DB, Tx } from '../db/connect';
import { newId } from '../ids';
import { confirmationNotFound } from '../refusals';
import { enqueueEvent } from '../webhooks/outbox';
import { DAY_MS, MINUTE_MS } from '../../protocol/time';

/** Payouts wait this long after the account changes: a stolen API key or session cannot cash out at once. */
const PAYOUT_HOLD_MS = DAY_MS;
const CONFIRM_WITHIN_MS = 15 * MINUTE_MS;

type Account = { holder: string; accountNumber: string };

export async function bankAccount(db: DB, merchantId: string) {
  const row = await db
    .selectFrom('bank_accounts')
    .select(['holder', 'last4', 'changed_at'])
    .where('merchant_id', '=', merchantId)
    .executeTakeFirst();
  return row ? { holder: row.holder, last4: row.last4, payoutsHeldUntil: heldUntil(row.changed_at) } : null;
}

const heldUntil = (changedAt: Date | null) =>
  changedAt ? new Date(changedAt.getTime() + PAYOUT_HOLD_MS).toISOString() : null;

/**
 * Writes the account. The first one is set at once; replacing one holds payouts for a day and tells
 * the merchant (`merchant.bank_account_changed`), so a change it did not make is noticed before money moves.
 */
async function writeAccount(p: Platform, tx: Tx, merchantId: string, holder: string, last4: string) {
  const previous = await tx
    .selectFrom('bank_accounts')
    .select('last4')
    .where('merchant_id', '=', merchantId)
    .forUpdate()
    .executeTakeFirst();
  const changedAt = previous ? p.now() : null;
  await tx
    .insertInto('bank_accounts')
    .values({ merchant_id: merchantId, holder, last4, changed_at: changedAt })
    .onConflict((oc) =>
      oc.column('merchant_id').doUpdateSet({ holder, last4, changed_at: changedAt, updated_at: p.now() }),
    )
    .execute();
  if (previous) {
    const merchant = await tx
      .selectFrom('merchants')
      .select(['id', 'webhook_url'])
      .where('id', '=', merchantId)
      .executeTakeFirstOrThrow();
    await enqueueEvent(tx, merchant, 'merchant.bank_account_changed', {
      holder,
      last4,
      previousLast4: previous.last4,
      payoutsHeldUntil: heldUntil(changedAt),
    });
  }
  return { holder, last4, payoutsHeldUntil: heldUntil(changedAt) };
}

/** Sets the account now: the first one, or a change whose owner proved itself again (the console's password). */
export async function setBankAccount(p: Platform, merchantId: string, body: Account) {
  const result = await p.db
    .transaction()
    .execute((tx) => writeAccount(p, tx, merchantId, body.holder, body.accountNumber.slice(-4)));
  p.kickWebhooks();
  return result;
}

/**
 * Over the API: the first account is set at once; a change is only proposed. The API key alone must
 * not redirect payouts (a stolen key would cash out): the owner confirms it in the console, with the
 * console password again, within 15 minutes; then payouts are held like after any change.
 */
export async function requestBankAccount(p: Platform, merchantId: string, body: Account) {
  const existing = await p.db
    .selectFrom('bank_accounts')
    .select('last4')
    .where('merchant_id', '=', merchantId)
    .executeTakeFirst();
  if (!existing) return { status: 200 as const, body: await setBankAccount(p, merchantId, body) };
  const change = {
    id: newId('bac'),
    merchant_id: merchantId,
    holder: body.holder,
    last4: body.accountNumber.slice(-4),
    expires_at: new Date(p.now().getTime() + CONFIRM_WITHIN_MS),
  };
  await p.db.insertInto('bank_account_changes').values(change).execute();
  return {
    status: 202 as const,
    body: {
      confirmationId: change.id,
      holder: change.holder,
      last4: change.last4,
      expiresAt: change.expires_at.toISOString(),
      confirmAt: `${p.config.publicUrl}/console/payouts`,
    },
  };
}

/** Changes proposed over the API and not yet confirmed or expired: the console lists them to confirm. */
export async function proposedBankAccounts(db: DB, merchantId: string, now: Date) {
  const rows = await db
    .selectFrom('bank_account_changes')
    .select(['id', 'holder', 'last4', 'expires_at'])
    .where('merchant_id', '=', merchantId)
    .where('expires_at', '>', now)
    .orderBy('expires_at')
    .execute();
  return rows.map((r) => ({ confirmationId: r.id, holder: r.holder, last4: r.last4, expiresAt: r.expires_at }));
}

/** Confirms a proposed change; the console calls it only after the password was entered again. */
export async function confirmBankAccount(p: Platform, merchantId: string, confirmationId: string) {
  const result = await p.db.transaction().execute(async (tx) => {
    const change = await tx
      .deleteFrom('bank_account_changes')
      .where('id', '=', confirmationId)
      .where('merchant_id', '=', merchantId)
      .where('expires_at', '>', p.now())
      .returningAll()
      .executeTakeFirst();
    if (!change) throw confirmationNotFound();
    return writeAccount(p, tx, merchantId, change.holder, change.last4);
  });
  p.kickWebhooks();
  return result;
}

/** Whether payouts wait: the account changed less than a day ago. */
export const payoutsHeld = (bank: { changed_at: Date | null }, now: Date): boolean =>
  bank.changed_at !== null && now.getTime() - bank.changed_at.getTime() < PAYOUT_HOLD_MS;

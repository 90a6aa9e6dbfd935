import { sql, type Selectable } from 'kysely';
import { currentPeriod } from '../../protocol/agreements';
import type { AcceptAgreementBody, AgreementView } from '../../protocol/api';
import { walletCard } from '../cards/cards';
import { activeAt, agreementState } from './state';
import type { Platform } from '../context';
import type { DB, Tx } from '../db/connect';
import type { AgreementsTable } from '../db/schema';
import { isUniqueViolation } from '../idempotency';
import { newId } from '../ids';
import { olderThan, pageOf } from '../paging';
import { verifyTagToPay } from '../payments/checkout-tag';
import { agreementNotFound, tagModeRefused, tagReused } from '../refusals';
import { checkPin } from '../wallets/pin';
import { enqueueEvent } from '../webhooks/outbox';

/**
 * Password-free agreements: a shopper accepts once, with the PIN, what a shop's tag offers (up to a
 * cap each period until an end date); the shop then charges within it (./charges.ts) and hears each
 * acceptance and cancellation by webhook. The agreement's row is the lock a charge and a cancellation
 * meet on, so a cancellation stops every charge that did not commit before it.
 */

export type AgreementRow = Selectable<AgreementsTable> & { merchant_name: string; webhook_url: string };

/** Who reaches an agreement: the shopper's wallet, or the shop. */
export type AgreementSide = { walletId: string } | { merchantId: string };

/**
 * What each agreement's charges since its period's start add up to (refunds do not give the cap back),
 * in one read however many agreements.
 */
async function spentInPeriods(db: DB | Tx, periods: { id: string; start: Date }[]): Promise<Map<string, number>> {
  const { rows } = await sql<{ id: string; spent: string }>`
    SELECT period.id, coalesce(sum(payments.amount), 0) AS spent
      FROM jsonb_to_recordset(${JSON.stringify(periods)}::jsonb) AS period(id text, start timestamptz)
      LEFT JOIN payments ON payments.agreement_id = period.id AND payments.created_at >= period.start
     GROUP BY period.id`.execute(db);
  return new Map(rows.map((row) => [row.id, Number(row.spent)]));
}

/** What the agreement's charges since `since` add up to. */
export async function spentSince(db: DB | Tx, agreementId: string, since: Date): Promise<number> {
  return (await spentInPeriods(db, [{ id: agreementId, start: since }])).get(agreementId) ?? 0;
}

/** Where the agreement's current period began: periods run from the acceptance. */
export const periodStartOf = (row: AgreementRow, now: Date) =>
  currentPeriod(row.created_at, row.period, now < row.created_at ? row.created_at : now).start;

/** The agreement as both sides see it, given what was charged since its period's start. */
function viewOf(row: AgreementRow, start: Date, spent: number, now: Date): AgreementView {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    merchantName: row.merchant_name,
    reference: row.reference,
    description: row.description,
    cap: { amount: row.cap, currency: row.currency },
    period: row.period,
    endsAt: row.ends_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    state: agreementState(row, now),
    ...(row.cancelled_at && { cancelledAt: row.cancelled_at.toISOString() }),
    periodStart: start.toISOString(),
    spentThisPeriod: { amount: spent, currency: row.currency },
    paidFrom: row.card_token ? 'card' : 'balance',
  };
}

/** Agreements as both sides see them, each with this period's start and what was charged in it. */
async function agreementViews(db: DB | Tx, rows: AgreementRow[], now: Date): Promise<AgreementView[]> {
  if (rows.length === 0) return [];
  const periods = rows.map((row) => ({ id: row.id, start: periodStartOf(row, now) }));
  const spent = await spentInPeriods(db, periods);
  return rows.map((row, i) => viewOf(row, periods[i]!.start, spent.get(row.id) ?? 0, now));
}

/** One agreement as both sides see it. */
export async function agreementView(db: DB | Tx, row: AgreementRow, now: Date): Promise<AgreementView> {
  const [view] = await agreementViews(db, [row], now);
  return view!;
}

/** Agreements with their shop's name and webhook, as every read of them needs. */
const agreementRows = (db: DB | Tx) =>
  db
    .selectFrom('agreements')
    .innerJoin('merchants', 'merchants.id', 'agreements.merchant_id')
    .selectAll('agreements')
    .select(['merchants.name as merchant_name', 'merchants.webhook_url']);

/** The side's agreement, locked for a charge or a cancellation when `forUpdate`; another's is not found. */
export async function sideAgreement(
  db: DB | Tx,
  side: AgreementSide,
  id: string,
  forUpdate = false,
): Promise<AgreementRow> {
  let query = agreementRows(db).where('agreements.id', '=', id);
  query =
    'walletId' in side
      ? query.where('agreements.wallet_id', '=', side.walletId)
      : query.where('agreements.merchant_id', '=', side.merchantId);
  if (forUpdate) query = query.forUpdate('agreements');
  const row = await query.executeTakeFirst();
  if (!row) throw agreementNotFound();
  return row;
}

/**
 * Accepts the agreement a tag offers, with the PIN, to be charged to the balance or to one of the
 * wallet's cards. Accepting the same tag again answers with the agreement it made (a retry after a lost
 * answer); another wallet cannot accept a tag already accepted.
 */
export async function acceptAgreement(p: Platform, walletId: string, body: AcceptAgreementBody) {
  const now = p.now();
  const { payload, merchant } = await verifyTagToPay(p.db, body.tag, now);
  if (payload.mode !== 'agreement' || !payload.agreement) throw tagModeRefused('"agreement"');
  await checkPin(p.db, walletId, body.pin, now);
  const card =
    body.funding.type === 'card' ? await walletCard(p, walletId, body.funding.cardToken, 'funding.cardToken') : null;
  const id = newId('agr');
  let accepted: AgreementView;
  try {
    accepted = await p.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('agreements')
        .values({
          id,
          wallet_id: walletId,
          merchant_id: merchant.id,
          reference: payload.orderId,
          description: payload.label,
          cap: payload.amount,
          currency: payload.currency,
          period: payload.agreement!.period,
          ends_at: new Date(payload.agreement!.end * 1000),
          tag_jti: payload.jti,
          card_token: card?.token ?? null,
          created_at: now,
        })
        .execute();
      const view = await agreementView(tx, await sideAgreement(tx, { walletId }, id), now);
      await enqueueEvent(tx, merchant, 'agreement.created', { agreement: view });
      return view;
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const earlier = await p.db
      .selectFrom('agreements')
      .select('id')
      .where('merchant_id', '=', merchant.id)
      .where('tag_jti', '=', payload.jti)
      .where('wallet_id', '=', walletId)
      .executeTakeFirst();
    if (!earlier) throw tagReused();
    return {
      status: 200 as const,
      agreement: await agreementView(p.db, await sideAgreement(p.db, { walletId }, earlier.id), now),
    };
  }
  p.kickWebhooks();
  return { status: 201 as const, agreement: accepted };
}

/** The wallet's agreements, newest first: active ones, and those cancelled or ended. */
export async function walletAgreements(p: Platform, walletId: string): Promise<{ items: AgreementView[] }> {
  const rows = await agreementRows(p.db)
    .where('agreements.wallet_id', '=', walletId)
    .orderBy('agreements.created_at', 'desc')
    .limit(100)
    .execute();
  return { items: await agreementViews(p.db, rows, p.now()) };
}

/** A shop's agreements, newest first, a page at a time, maybe only those in one state. */
export async function shopAgreements(
  p: Platform,
  merchantId: string,
  query: { limit: number; cursor?: string; state?: AgreementView['state'] },
) {
  const now = p.now();
  let select = agreementRows(p.db).where('agreements.merchant_id', '=', merchantId);
  if (query.state === 'cancelled') select = select.where('agreements.cancelled_at', 'is not', null);
  else if (query.state === 'active') select = select.where(activeAt(now));
  else if (query.state === 'ended')
    select = select.where('agreements.cancelled_at', 'is', null).where((eb) => eb.not(activeAt(now)));
  if (query.cursor) select = select.where(olderThan(query.cursor, 'agreements.created_at', 'agreements.id'));
  const rows = await select
    .orderBy('agreements.created_at', 'desc')
    .orderBy('agreements.id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const { page, nextCursor } = pageOf(rows, query.limit);
  return { items: await agreementViews(p.db, page, now), nextCursor };
}

/**
 * Cancels an agreement at once: under its row lock, so a charge either committed before or is refused.
 * Cancelling again answers with the agreement as it stands; the shop hears the first cancellation.
 */
export async function cancelAgreement(p: Platform, side: AgreementSide, id: string): Promise<AgreementView> {
  const view = await p.db.transaction().execute(async (tx) => {
    const row = await sideAgreement(tx, side, id, true);
    // Read under the lock: every charge that committed before this one is earlier than the cancellation.
    const now = p.now();
    if (row.cancelled_at) return agreementView(tx, row, now);
    const by = 'walletId' in side ? ('shopper' as const) : ('shop' as const);
    await tx.updateTable('agreements').set({ cancelled_at: now, cancelled_by: by }).where('id', '=', id).execute();
    const cancelled = await agreementView(tx, { ...row, cancelled_at: now, cancelled_by: by }, now);
    await enqueueEvent(tx, { id: row.merchant_id, webhook_url: row.webhook_url }, 'agreement.cancelled', {
      agreement: cancelled,
    });
    return cancelled;
  });
  p.kickWebhooks();
  return view;
}

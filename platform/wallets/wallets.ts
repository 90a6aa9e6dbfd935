import type { z } from 'zod';
import type { CreateWalletBodySchema } from '../../protocol/api';
import type { Money } from '../../protocol/money';
import type { Card, Transaction } from '../../protocol/wallet';
import type { Platform } from '../context';
import type { DB, Tx } from '../db/connect';
import type { Selectable } from 'kysely';
import type { CardsTable, TransfersTable } from '../db/schema';
import { slowHash } from '../crypto/argon2';
import { newId } from '../ids';
import { walletPoints } from '../loyalty/points';
import { olderThan, pageOf } from '../paging';
import { raisesLimit } from '../../protocol/pin-rule';
import { activeAt } from '../agreements/state';
import { addDevice } from './devices';
import { freeSpentToday, requireFreshPin } from './pin';
import { newRecoveryCode } from './recovery';

const DEFAULT_LIMIT: Money = { amount: 20_000, currency: 'CNY' };

/** A new wallet, its first device and its recovery code (returned once, kept only as a slow hash). */
export async function createWallet(p: Platform, body: z.infer<typeof CreateWalletBodySchema>) {
  const id = newId('w');
  const [pinHash, recovery] = await Promise.all([slowHash(body.pin), newRecoveryCode()]);
  return p.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('wallets')
      .values({
        id,
        pin_hash: pinHash,
        password_free_limit: DEFAULT_LIMIT.amount,
        limit_currency: DEFAULT_LIMIT.currency,
        ...recovery.kept,
      })
      .returning('created_at')
      .executeTakeFirstOrThrow();
    const deviceId = await addDevice(tx, id, body.devicePublicKey, body.deviceName);
    return {
      walletId: id,
      deviceId,
      passwordFreeLimit: DEFAULT_LIMIT,
      createdAt: row.created_at.toISOString(),
      recoveryCode: recovery.shown,
    };
  });
}

/**
 * The wallet's cards in the order they were added, each with how many active auto-pay agreements charge
 * it (so the wallet can say so before the card is removed); removed ones are left out.
 */
export function walletCards(db: DB | Tx, walletId: string, now: Date) {
  return db
    .selectFrom('cards')
    .selectAll('cards')
    .select((eb) =>
      eb
        .selectFrom('agreements')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('agreements.card_token', '=', 'cards.token')
        .where(activeAt(now))
        .as('auto_pay'),
    )
    .where('wallet_id', '=', walletId)
    .where('removed_at', 'is', null)
    .orderBy('created_at')
    .execute();
}

export function cardView(
  row: Pick<
    Selectable<CardsTable>,
    'token' | 'brand' | 'first6' | 'last4' | 'exp_month' | 'exp_year' | 'is_default'
  > & {
    auto_pay?: string | number | null;
  },
  sandbox: boolean,
): Card {
  const autoPay = Number(row.auto_pay ?? 0);
  return {
    token: row.token,
    brand: row.brand as Card['brand'],
    first6: row.first6,
    last4: row.last4,
    expMonth: row.exp_month,
    expYear: row.exp_year,
    isDefault: row.is_default,
    sandbox,
    ...(autoPay > 0 && { autoPay }),
  };
}

const ESCROW_STATUS = {
  held: 'held',
  refund_requested: 'refund_requested',
  released: 'released',
  refunded: 'refunded',
} as const;

type PaymentSide = {
  escrow_state: keyof typeof ESCROW_STATUS | null;
  points_earned: number;
  points_redeemed: number;
  label: string;
  merchant_name: string;
  order_id: string;
  order_amount: number;
  discount: number;
  points_discount: number;
  funding: 'balance' | 'card';
  refund_decline_message: string | null;
  agreement_id: string | null;
};

/** What a payment's own line adds: the order, its price, the savings, and what paid. */
function paymentDetail(currency: string, paid: Partial<PaymentSide>): Partial<Transaction> {
  const money = (amount: number) => ({ amount, currency });
  return {
    ...(paid.points_earned && { pointsEarned: paid.points_earned }),
    ...(paid.points_redeemed && { pointsRedeemed: paid.points_redeemed }),
    ...(paid.order_id && { orderId: paid.order_id }),
    ...(paid.order_amount !== undefined && { orderAmount: money(paid.order_amount) }),
    ...(paid.discount && { couponDiscount: money(paid.discount) }),
    ...(paid.points_discount && { pointsDiscount: money(paid.points_discount) }),
    ...(paid.funding && { paidFrom: paid.funding }),
    ...(paid.agreement_id && { agreementId: paid.agreement_id }),
    ...(paid.escrow_state === 'held' &&
      paid.refund_decline_message && { refundDeclinedMessage: paid.refund_decline_message }),
  };
}

/**
 * A transfer as the wallet's history shows it; a payment carries the points it earned and spent, and an
 * escrow payment where its money stands. What the line is about comes as data — the shop and the
 * order's label, the card's or bank's last four digits — for the wallet to say in its reader's language;
 * `title` is the platform's own English, as statements show it.
 */
export function transactionView(row: Selectable<TransfersTable>, payment?: Partial<PaymentSide> | null): Transaction {
  const paid = row.kind === 'payment' ? payment : undefined;
  return {
    id: row.id,
    createdAt: row.created_at.toISOString(),
    // Settlement and payout transfers carry no wallet id, so they never reach a wallet's history.
    kind: row.kind as Transaction['kind'],
    title: row.title,
    ...(row.merchant_id && { merchantId: row.merchant_id }),
    ...(row.payment_id && { paymentId: row.payment_id }),
    amount: { amount: row.amount, currency: row.currency },
    ...(paid && paymentDetail(row.currency, paid)),
    ...(payment?.merchant_name && { merchantName: payment.merchant_name }),
    ...(payment?.label && { label: payment.label }),
    ...(row.counterparty_last4 && { last4: row.counterparty_last4 }),
    status: paid?.escrow_state ? ESCROW_STATUS[paid.escrow_state] : 'succeeded',
  };
}

export async function walletSnapshot(p: Platform, walletId: string) {
  const [wallet, balances, cards] = await Promise.all([
    walletLimits(p.db, walletId, p.now()),
    p.db
      .selectFrom('accounts')
      .select(['currency', 'balance'])
      .where('owner_id', '=', walletId)
      .where('kind', '=', 'wallet')
      .orderBy('currency')
      .execute(),
    walletCards(p.db, walletId, p.now()),
  ]);
  return {
    walletId,
    ...wallet,
    balances: balances.map((b) => ({ currency: b.currency, amount: b.balance })),
    cards: cards.map((card) => cardView(card, p.cards.sandbox)),
    points: await walletPoints(p.db, walletId),
  };
}

export async function walletTransactions(db: DB, walletId: string, limit: number, cursor?: string) {
  let query = db
    .selectFrom('transfers')
    .leftJoin('payments', 'payments.id', 'transfers.payment_id')
    .leftJoin('merchants', 'merchants.id', 'transfers.merchant_id')
    .selectAll('transfers')
    .select([
      'payments.escrow_state',
      'payments.points_earned',
      'payments.points_redeemed',
      'payments.label',
      'payments.order_id',
      'payments.amount as order_amount',
      'payments.discount',
      'payments.points_discount',
      'payments.funding',
      'payments.refund_decline_message',
      'payments.agreement_id',
      'merchants.name as merchant_name',
    ])
    .where('transfers.wallet_id', '=', walletId);
  if (cursor) query = query.where(olderThan(cursor, 'transfers.created_at', 'transfers.id'));
  const rows = await query
    .orderBy('transfers.created_at', 'desc')
    .orderBy('transfers.id', 'desc')
    .limit(limit + 1)
    .execute();
  const { page, nextCursor } = pageOf(rows, limit);
  return {
    items: page.map((row) => {
      const { escrow_state, points_earned, points_redeemed, label, merchant_name, ...rest } = row;
      const {
        order_id,
        order_amount,
        discount,
        points_discount,
        funding,
        refund_decline_message,
        agreement_id,
        ...transfer
      } = rest;
      return transactionView(transfer, {
        escrow_state,
        points_earned: points_earned ?? 0,
        points_redeemed: points_redeemed ?? 0,
        ...(label && { label }),
        ...(merchant_name && { merchant_name }),
        ...(order_id && { order_id, order_amount: order_amount!, funding: funding! }),
        discount: discount ?? 0,
        points_discount: points_discount ?? 0,
        refund_decline_message,
        agreement_id,
      });
    }),
    nextCursor,
  };
}

/** The password-free limit, the daily total and what today's password-free payments took. */
async function walletLimits(db: DB, walletId: string, now: Date) {
  const wallet = await db
    .selectFrom('wallets')
    .select(['password_free_limit', 'limit_currency', 'daily_free_total'])
    .where('id', '=', walletId)
    .executeTakeFirstOrThrow();
  const currency = wallet.limit_currency;
  return {
    passwordFreeLimit: { amount: wallet.password_free_limit, currency },
    dailyFreeTotal: { amount: wallet.daily_free_total, currency },
    freeSpentToday: { amount: await freeSpentToday(db, walletId, currency, now), currency },
  };
}

/**
 * Sets the password-free limit and the daily total: lowering is free, raising either (up to its
 * ceiling) takes the PIN.
 */
export async function setPasswordFreeLimit(
  p: Platform,
  session: { walletId: string; sessionHash: string },
  body: { passwordFreeLimit: Money; dailyFreeTotal?: Money; pin?: string },
) {
  const current = await walletLimits(p.db, session.walletId, p.now());
  const limit = body.passwordFreeLimit;
  const daily = body.dailyFreeTotal ?? { ...current.dailyFreeTotal, currency: limit.currency };
  if (raisesLimit(limit, current.passwordFreeLimit) || raisesLimit(daily, current.dailyFreeTotal))
    await requireFreshPin(p.db, session, body.pin, p.now(), 'Raising a password-free limit');
  await p.db
    .updateTable('wallets')
    .set({ password_free_limit: limit.amount, limit_currency: limit.currency, daily_free_total: daily.amount })
    .where('id', '=', session.walletId)
    .execute();
  return walletLimits(p.db, session.walletId, p.now());
}

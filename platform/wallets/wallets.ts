import { base64url } from 'jose';
import type { z } from 'zod';
import type { CreateWalletBodySchema } from '../../protocol/api';
import type { Money } from '../../protocol/money';
import type { Card, Transaction } from '../../protocol/wallet';
import type { Platform } from '../context';
import type { DB } from '../db/connect';
import type { Selectable } from 'kysely';
import type { CardsTable, TransfersTable } from '../db/schema';
import { slowHash } from '../crypto/argon2';
import { newId, secretToken, sha256 } from '../ids';
import { walletPoints } from '../loyalty/points';
import { olderThan, pageOf } from '../paging';
import { ApiError } from '../problem';
import { raisesLimit } from '../../protocol/pin-rule';
import { checkPin, freeSpentToday, requireFreshPin } from './pin';

export const DEFAULT_LIMIT: Money = { amount: 20_000, currency: 'CNY' };
const CHALLENGE_TTL_MS = 5 * 60 * 1000;
const SESSION_TTL_MS = 60 * 60 * 1000;

export async function createWallet(p: Platform, body: z.infer<typeof CreateWalletBodySchema>) {
  const id = newId('w');
  const { kty, crv, x, y } = body.devicePublicKey;
  const row = await p.db
    .insertInto('wallets')
    .values({
      id,
      device_jwk: JSON.stringify({ kty, crv, x, y }),
      pin_hash: await slowHash(body.pin),
      password_free_limit: DEFAULT_LIMIT.amount,
      limit_currency: DEFAULT_LIMIT.currency,
    })
    .returning('created_at')
    .executeTakeFirstOrThrow();
  return { walletId: id, passwordFreeLimit: DEFAULT_LIMIT, createdAt: row.created_at.toISOString() };
}

export async function issueChallenge(p: Platform, walletId: string) {
  const wallet = await p.db.selectFrom('wallets').select('id').where('id', '=', walletId).executeTakeFirst();
  if (!wallet)
    throw new ApiError(404, 'wallet_not_found', 'No wallet has this id.', [
      { field: 'walletId', expected: 'the id of an existing wallet' },
    ]);
  const challenge = secretToken('chl');
  const expiresAt = new Date(p.now().getTime() + CHALLENGE_TTL_MS);
  await p.db.insertInto('challenges').values({ challenge, wallet_id: walletId, expires_at: expiresAt }).execute();
  return { challenge, expiresAt: expiresAt.toISOString() };
}

/** Trades a challenge signed by the wallet's device key for a session token. Each challenge works once. */
export async function openSession(
  p: Platform,
  body: { walletId: string; challenge: string; signature: string; pin?: string },
) {
  const used = await p.db
    .deleteFrom('challenges')
    .where('challenge', '=', body.challenge)
    .where('wallet_id', '=', body.walletId)
    .where('expires_at', '>', p.now())
    .returning('wallet_id')
    .executeTakeFirst();
  if (!used)
    throw new ApiError(401, 'challenge_invalid', 'The challenge is unknown, used or expired: ask for a new one.', [
      { field: 'challenge', expected: 'a fresh challenge for this wallet' },
    ]);
  const wallet = await p.db
    .selectFrom('wallets')
    .select('device_jwk')
    .where('id', '=', body.walletId)
    .executeTakeFirstOrThrow();
  const key = await crypto.subtle.importKey('jwk', wallet.device_jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'verify',
  ]);
  let signature: Uint8Array;
  try {
    signature = base64url.decode(body.signature);
  } catch {
    signature = new Uint8Array();
  }
  const valid = await crypto.subtle.verify(
    { name: 'ECDSA', hash: 'SHA-256' },
    key,
    signature as Uint8Array<ArrayBuffer>,
    new TextEncoder().encode(body.challenge),
  );
  if (!valid)
    throw new ApiError(401, 'signature_invalid', "The signature does not match the wallet's device key.", [
      { field: 'signature', expected: 'an ES256 signature of the challenge by the device key' },
    ]);
  // The device key proves the browser; the PIN, when given, proves the person (checked with the lockout).
  if (body.pin) await checkPin(p.db, body.walletId, body.pin, p.now());
  const token = secretToken('ses');
  const expiresAt = new Date(p.now().getTime() + SESSION_TTL_MS);
  await p.db
    .insertInto('sessions')
    .values({
      token_hash: sha256(token),
      wallet_id: body.walletId,
      expires_at: expiresAt,
      pin_verified_at: body.pin ? p.now() : null,
    })
    .execute();
  return { token, expiresAt: expiresAt.toISOString() };
}

export function cardView(
  row: Pick<Selectable<CardsTable>, 'token' | 'brand' | 'first6' | 'last4' | 'exp_month' | 'exp_year' | 'is_default'>,
  sandbox: boolean,
): Card {
  return {
    token: row.token,
    brand: row.brand as Card['brand'],
    first6: row.first6,
    last4: row.last4,
    expMonth: row.exp_month,
    expYear: row.exp_year,
    isDefault: row.is_default,
    sandbox,
  };
}

const ESCROW_STATUS = {
  held: 'held',
  refund_requested: 'refund_requested',
  released: 'released',
  refunded: 'refunded',
} as const;

type PaymentSide = { escrow_state: keyof typeof ESCROW_STATUS | null; points_earned: number; points_redeemed: number };

/**
 * A transfer as the wallet's history shows it; a payment carries the points it earned and spent, and an
 * escrow payment where its money stands.
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
    ...(paid?.points_earned && { pointsEarned: paid.points_earned }),
    ...(paid?.points_redeemed && { pointsRedeemed: paid.points_redeemed }),
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
    p.db.selectFrom('cards').selectAll().where('wallet_id', '=', walletId).orderBy('created_at').execute(),
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
    .selectAll('transfers')
    .select(['payments.escrow_state', 'payments.points_earned', 'payments.points_redeemed'])
    .where('transfers.wallet_id', '=', walletId);
  if (cursor) query = query.where(olderThan(cursor, 'transfers.created_at', 'transfers.id'));
  const rows = await query
    .orderBy('transfers.created_at', 'desc')
    .orderBy('transfers.id', 'desc')
    .limit(limit + 1)
    .execute();
  const { page, nextCursor } = pageOf(rows, limit);
  return {
    items: page.map(({ escrow_state, points_earned, points_redeemed, ...transfer }) =>
      transactionView(transfer, {
        escrow_state,
        points_earned: points_earned ?? 0,
        points_redeemed: points_redeemed ?? 0,
      }),
    ),
    nextCursor,
  };
}

/** The password-free limit, the daily total and what today's password-free payments took. */
export async function walletLimits(db: DB, walletId: string, now: Date) {
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

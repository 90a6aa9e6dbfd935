import { startOfFreeDay, type PinReason } from '../../protocol/pin-rule';
import { sql, type RawBuilder } from 'kysely';
import type { DB, Tx } from '../db/connect';
import { slowHash, slowHashMatches } from '../crypto/argon2';
import type { ApiError } from '../api-error';
import { pinIncorrect, pinLocked, pinRequired, recoveryCodeIncorrect, stepUpRequired } from '../refusals';
import { MINUTE_MS } from '../../protocol/time';

const PIN_TRIES = 5;
const PIN_LOCK_MS = 15 * MINUTE_MS;

/**
 * What password-free payments took today (UTC) from a wallet in a currency, as a SQL expression: the
 * wallet and currency may be columns of an outer query (`sql.ref`) or values.
 */
export const freeSpentTodaySql = (
  walletId: string | RawBuilder<unknown>,
  currency: string | RawBuilder<unknown>,
  now: Date,
) => sql<number>`free_spent_since(${walletId}, ${currency}, ${startOfFreeDay(now)})`;

/** What password-free payments took today (UTC), in the wallet's limit currency. */
export async function freeSpentToday(db: DB | Tx, walletId: string, currency: string, now: Date): Promise<number> {
  const row = await db.selectNoFrom(freeSpentTodaySql(walletId, currency, now).as('spent')).executeTakeFirstOrThrow();
  return Number(row.spent);
}

/**
 * Checks a wallet's payment PIN. Five wrong PINs in a row lock PIN use for 15 minutes. Each guess first
 * reserves a try (see `reserveTry`), before the slow hash: so however many guesses arrive at once, at
 * most five get a verdict and the rest hear `pin_locked`.
 */
export async function checkPin(
  db: DB,
  walletId: string,
  pin: string | undefined,
  now: Date,
  reason?: PinReason,
): Promise<void> {
  if (!pin) {
    const wallet = await db
      .selectFrom('wallets')
      .select('pin_locked_until')
      .where('id', '=', walletId)
      .executeTakeFirstOrThrow();
    if (wallet.pin_locked_until && wallet.pin_locked_until > now) throw locked(wallet.pin_locked_until, now);
    throw pinRequired(reason);
  }
  const secrets = await reserveTry(db, walletId, now);
  await settleTry(db, walletId, now, secrets.pin_failures, await slowHashMatches(secrets.pin_hash, pin), 'pin');
}

/**
 * Checks a recovery code's secret part and the PIN together, on the same five tries as the PIN alone:
 * guessing at recovery codes locks the wallet's PIN use like guessing at PINs.
 */
export async function checkRecovery(db: DB, walletId: string, secret: string, pin: string, now: Date) {
  const secrets = await reserveTry(db, walletId, now);
  const codeMatches = secrets.recovery_hash !== null && (await slowHashMatches(secrets.recovery_hash, secret));
  const pinMatches = codeMatches && (await slowHashMatches(secrets.pin_hash, pin));
  await settleTry(db, walletId, now, secrets.pin_failures, pinMatches, codeMatches ? 'pin' : 'recoveryCode');
}

/**
 * Checks a recovery code alone (a forgotten PIN), on the same five tries as the PIN: a code for another
 * wallet, or a wrong secret, is one wrong try.
 */
export async function checkRecoveryCode(
  db: DB,
  walletId: string,
  code: { lookup: string; secret: string },
  now: Date,
): Promise<void> {
  const secrets = await reserveTry(db, walletId, now);
  const right =
    secrets.recovery_lookup === code.lookup &&
    secrets.recovery_hash !== null &&
    (await slowHashMatches(secrets.recovery_hash, code.secret));
  await settleTry(db, walletId, now, secrets.pin_failures, right, 'recoveryCode');
}

/** One guarded update (not locked, fewer than five failures) that counts the try before it is checked. */
async function reserveTry(db: DB, walletId: string, now: Date) {
  const reserved = await db
    .updateTable('wallets')
    .set((eb) => ({ pin_failures: eb('pin_failures', '+', 1) }))
    .where('id', '=', walletId)
    .where((eb) => eb.or([eb('pin_locked_until', 'is', null), eb('pin_locked_until', '<=', now)]))
    .where('pin_failures', '<', PIN_TRIES)
    .returning(['pin_hash', 'recovery_hash', 'recovery_lookup', 'pin_failures'])
    .executeTakeFirst();
  if (reserved) return reserved;
  const wallet = await db
    .selectFrom('wallets')
    .select('pin_locked_until')
    .where('id', '=', walletId)
    .executeTakeFirstOrThrow();
  // Out of tries with the lock not written yet (its last guess is still being checked): locked all the same.
  throw locked(
    wallet.pin_locked_until && wallet.pin_locked_until > now
      ? wallet.pin_locked_until
      : new Date(now.getTime() + PIN_LOCK_MS),
    now,
  );
}

/** A right guess gives the tries back; the fifth wrong one locks; the others say how many are left. */
async function settleTry(
  db: DB,
  walletId: string,
  now: Date,
  failures: number,
  right: boolean,
  wrongField: 'pin' | 'recoveryCode',
): Promise<void> {
  if (right) {
    await db.updateTable('wallets').set({ pin_failures: 0 }).where('id', '=', walletId).execute();
    return;
  }
  if (failures >= PIN_TRIES) {
    const until = new Date(now.getTime() + PIN_LOCK_MS);
    await db
      .updateTable('wallets')
      .set({ pin_failures: 0, pin_locked_until: until })
      .where('id', '=', walletId)
      .execute();
    throw locked(until, now);
  }
  const left = PIN_TRIES - failures;
  throw wrongField === 'pin' ? pinIncorrect(left) : recoveryCodeIncorrect(left);
}

function locked(until: Date, now: Date): ApiError {
  return pinLocked(Math.ceil((until.getTime() - now.getTime()) / MINUTE_MS));
}

/** A PIN proven this long ago still counts for a step-up in the same session. */
const FRESH_PIN_MS = 5 * MINUTE_MS;

/**
 * Step-up for what raises risk: the PIN in the request (checked with the lockout, and remembered for
 * this session), or one this session proved in the last five minutes. The platform decides; the UI asks.
 */
export async function requireFreshPin(
  db: DB,
  session: { walletId: string; sessionHash: string },
  pin: string | undefined,
  now: Date,
  what: string,
): Promise<void> {
  if (pin) {
    await checkPin(db, session.walletId, pin, now);
    await db
      .updateTable('sessions')
      .set({ pin_verified_at: now })
      .where('token_hash', '=', session.sessionHash)
      .execute();
    return;
  }
  const fresh = await db
    .selectFrom('sessions')
    .select('pin_verified_at')
    .where('token_hash', '=', session.sessionHash)
    .where('pin_verified_at', '>', new Date(now.getTime() - FRESH_PIN_MS))
    .executeTakeFirst();
  if (!fresh) throw stepUpRequired(what);
}

/** A new PIN, given the current one (checked with the lockout). Sessions already open stay open. */
export async function changePin(db: DB, walletId: string, body: { pin: string; newPin: string }, now: Date) {
  await checkPin(db, walletId, body.pin, now);
  await db
    .updateTable('wallets')
    .set({ pin_hash: await slowHash(body.newPin) })
    .where('id', '=', walletId)
    .execute();
}

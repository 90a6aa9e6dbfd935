import type { DB } from '../db/connect';
import { slowHashMatches } from '../crypto/argon2';
import { ApiError } from '../problem';

export const PIN_TRIES = 5;
export const PIN_LOCK_MS = 15 * 60 * 1000;

/**
 * Checks a wallet's payment PIN. Five wrong PINs in a row lock PIN use for 15 minutes. The counter
 * moves in one atomic update, so parallel guesses cannot get more tries.
 */
export async function checkPin(db: DB, walletId: string, pin: string | undefined, now: Date): Promise<void> {
  const wallet = await db
    .selectFrom('wallets')
    .select(['pin_hash', 'pin_locked_until'])
    .where('id', '=', walletId)
    .executeTakeFirstOrThrow();
  if (wallet.pin_locked_until && wallet.pin_locked_until > now) throw locked(wallet.pin_locked_until, now);
  if (!pin) {
    throw new ApiError(
      403,
      'pin_required',
      'This amount is above the password-free limit: the payment PIN is required.',
      [{ field: 'pin', expected: 'the 6-digit payment PIN' }],
    );
  }
  if (await slowHashMatches(wallet.pin_hash, pin)) {
    await db.updateTable('wallets').set({ pin_failures: 0 }).where('id', '=', walletId).execute();
    return;
  }
  const { pin_failures } = await db
    .updateTable('wallets')
    .set((eb) => ({ pin_failures: eb('pin_failures', '+', 1) }))
    .where('id', '=', walletId)
    .returning('pin_failures')
    .executeTakeFirstOrThrow();
  if (pin_failures >= PIN_TRIES) {
    const until = new Date(now.getTime() + PIN_LOCK_MS);
    await db
      .updateTable('wallets')
      .set({ pin_failures: 0, pin_locked_until: until })
      .where('id', '=', walletId)
      .execute();
    throw locked(until, now);
  }
  throw new ApiError(
    403,
    'pin_incorrect',
    `The PIN is incorrect; ${PIN_TRIES - pin_failures} tries left before it locks.`,
    [{ field: 'pin', expected: 'the correct payment PIN' }],
  );
}

function locked(until: Date, now: Date): ApiError {
  const minutes = Math.ceil((until.getTime() - now.getTime()) / 60_000);
  return new ApiError(423, 'pin_locked', `Too many wrong PINs: PIN use is locked for ${minutes} more minutes.`);
}

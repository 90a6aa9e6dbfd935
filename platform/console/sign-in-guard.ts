import { sql } from 'kysely';
import type { DB } from '../db/connect';

/** Wrong passwords for one email before any wait: a person mistyping is not slowed. */
const FREE_FAILURES = 3;
const MAX_WAIT_S = 15 * 60;

/**
 * Counts a sign-in attempt for this email before its password is checked, or refuses it: after the
 * free ones, each attempt makes the next wait, doubling from 2 s to at most 15 minutes — a growing
 * delay, not a lock, so the owner gets in once it passes. Counting first, in one statement under the
 * row's lock, means forty guesses sent at once are not all checked: the fifth finds the wait. Kept per
 * typed email, whether or not a console has it, so the wait says nothing about which emails exist.
 * Returns the seconds to wait, or 0 when this attempt may check its password.
 */
export async function claimSignInAttempt(db: DB, email: string, now: Date): Promise<number> {
  const { rows } = await sql<{ failures: number }>`
    INSERT INTO console_sign_in_failures AS f (email, failures, next_try_at) VALUES (${email}, 1, ${now})
    ON CONFLICT (email) DO UPDATE SET
      failures = f.failures + 1,
      next_try_at = ${now}::timestamptz + make_interval(secs => CASE WHEN f.failures + 1 <= ${FREE_FAILURES} THEN 0
        ELSE least(power(2, f.failures + 1 - ${FREE_FAILURES}), ${MAX_WAIT_S}) END)
    WHERE f.next_try_at <= ${now}
    RETURNING failures`.execute(db);
  if (rows.length) return 0;
  const row = await db
    .selectFrom('console_sign_in_failures')
    .select('next_try_at')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return Math.max(1, Math.ceil((row.next_try_at.getTime() - now.getTime()) / 1000));
}

/** At a successful sign-in: how many wrong passwords came before this one since the last, and forget them. */
export async function takeFailedSignIns(db: DB, email: string): Promise<number> {
  const row = await db
    .deleteFrom('console_sign_in_failures')
    .where('email', '=', email)
    .returning('failures')
    .executeTakeFirst();
  return Math.max((row?.failures ?? 1) - 1, 0);
}

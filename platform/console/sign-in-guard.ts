import type { DB } from '../db/connect';

/** Wrong passwords for one email before any wait: a person mistyping is not slowed. */
const FREE_FAILURES = 3;
const MAX_WAIT_S = 15 * 60;

/**
 * How long sign-in waits after `failures` wrong passwords for one email: doubling from 2 s after the
 * free ones, at most 15 minutes. A growing delay, not a lock: the owner gets in once it passes, while
 * forty guesses from forty addresses take hours instead of seconds.
 */
export const waitAfter = (failures: number): number =>
  failures <= FREE_FAILURES ? 0 : Math.min(2 ** (failures - FREE_FAILURES), MAX_WAIT_S);

/**
 * Seconds before this email may try a password again (0: now). Kept per typed email, whether or not a
 * console has it, so the wait says nothing about which emails exist.
 */
export async function signInWait(db: DB, email: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('console_sign_in_failures')
    .select('next_try_at')
    .where('email', '=', email)
    .executeTakeFirst();
  return row ? Math.max(0, Math.ceil((row.next_try_at.getTime() - now.getTime()) / 1000)) : 0;
}

export async function recordFailedSignIn(db: DB, email: string, now: Date): Promise<void> {
  const { failures } = await db
    .insertInto('console_sign_in_failures')
    .values({ email, failures: 1, next_try_at: now })
    .onConflict((oc) =>
      oc.column('email').doUpdateSet((eb) => ({ failures: eb('console_sign_in_failures.failures', '+', 1) })),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('console_sign_in_failures')
    .set({ next_try_at: new Date(now.getTime() + waitAfter(failures) * 1000) })
    .where('email', '=', email)
    .execute();
}

/** At a successful sign-in: how many wrong passwords came since the last one, and forget them. */
export async function takeFailedSignIns(db: DB, email: string): Promise<number> {
  const row = await db
    .deleteFrom('console_sign_in_failures')
    .where('email', '=', email)
    .returning('failures')
    .executeTakeFirst();
  return row?.failures ?? 0;
}

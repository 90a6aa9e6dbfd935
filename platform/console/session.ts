import { slowHash, slowHashMatches } from '../crypto/argon2';
import type { DB, Tx } from '../db/connect';
import { secretToken, sha256 } from '../ids';
import { HOUR_MS } from '../../protocol/time';

const SESSION_MS = 12 * HOUR_MS;

/** Hashed once at start, so an unknown email costs the same as a wrong password. */
const decoy = slowHash('not a password of anyone');

/**
 * The console login for a new merchant, to write inside its sign-up transaction. The password is hashed
 * first, so the slow hash never holds the transaction open.
 */
export async function consoleLogin(email: string, password: string) {
  const passwordHash = await slowHash(password);
  return async (tx: Tx, merchantId: string) => {
    await tx
      .insertInto('console_logins')
      .values({ email, merchant_id: merchantId, password_hash: passwordHash })
      .execute();
  };
}

export async function emailTaken(db: DB, email: string): Promise<boolean> {
  return Boolean(await db.selectFrom('console_logins').select('email').where('email', '=', email).executeTakeFirst());
}

/** The merchant this email and password open, or null. */
export async function checkPassword(db: DB, email: string, password: string): Promise<string | null> {
  const login = await db
    .selectFrom('console_logins')
    .select(['merchant_id', 'password_hash'])
    .where('email', '=', email)
    .executeTakeFirst();
  const matches = await slowHashMatches(login?.password_hash ?? (await decoy), password);
  return login && matches ? login.merchant_id : null;
}

/** Whether this is the signed-in merchant's console password: asked again before risky changes. */
export async function passwordMatches(db: DB, merchantId: string, password: string): Promise<boolean> {
  const login = await db
    .selectFrom('console_logins')
    .select('password_hash')
    .where('merchant_id', '=', merchantId)
    .executeTakeFirst();
  return slowHashMatches(login?.password_hash ?? (await decoy), password).then((ok) => Boolean(login) && ok);
}

/** A console session: the cookie holds the token, the database only its hash. */
export async function openConsoleSession(db: DB, merchantId: string, now: Date, failedSignIns = 0): Promise<string> {
  const token = secretToken('cs');
  await db
    .insertInto('console_sessions')
    .values({
      token_hash: sha256(token),
      merchant_id: merchantId,
      expires_at: new Date(now.getTime() + SESSION_MS),
      failed_sign_ins: failedSignIns,
    })
    .execute();
  return token;
}

/** How many wrong passwords for this console came before the session's sign-in (shown on the overview). */
export async function failedSignInsBefore(db: DB, token: string): Promise<number> {
  const row = await db
    .selectFrom('console_sessions')
    .select('failed_sign_ins')
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst();
  return row?.failed_sign_ins ?? 0;
}

export async function consoleMerchant(db: DB, token: string, now: Date): Promise<string | null> {
  const session = await db
    .selectFrom('console_sessions')
    .select('merchant_id')
    .where('token_hash', '=', sha256(token))
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return session?.merchant_id ?? null;
}

export async function closeConsoleSession(db: DB, token: string): Promise<void> {
  await db.deleteFrom('console_sessions').where('token_hash', '=', sha256(token)).execute();
}

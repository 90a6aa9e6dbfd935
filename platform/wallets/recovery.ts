import { randomBytes } from 'node:crypto';
import { codeFromBytes, groupCode, RECOVERY_CODE_LENGTH, RECOVERY_LOOKUP_LENGTH } from '../../protocol/codes';
import type { DB } from '../db/connect';
import { slowHash } from '../crypto/argon2';
import { recoveryCodeUnknown } from '../refusals';

/** The two parts of a recovery code: the lookup finds the wallet, the secret proves the holder. */
export function splitRecoveryCode(code: string): { lookup: string; secret: string } {
  if (code.length !== RECOVERY_CODE_LENGTH) throw new Error('invariant: a normalised recovery code');
  return { lookup: code.slice(0, RECOVERY_LOOKUP_LENGTH), secret: code.slice(RECOVERY_LOOKUP_LENGTH) };
}

/**
 * A new recovery code, grouped for writing down, and what the platform keeps of it: the lookup part and
 * a slow hash of the secret part, never the code. Hashed before any transaction opens (it is slow).
 */
export async function newRecoveryCode() {
  const code = codeFromBytes(randomBytes(RECOVERY_CODE_LENGTH), RECOVERY_CODE_LENGTH);
  const { lookup, secret } = splitRecoveryCode(code);
  return { shown: groupCode(code), kept: { recovery_lookup: lookup, recovery_hash: await slowHash(secret) } };
}

/** Gives the wallet a new recovery code, returned once; the old one stops working. */
export async function renewRecoveryCode(db: DB, walletId: string): Promise<{ recoveryCode: string }> {
  const code = await newRecoveryCode();
  // A lookup clash (40 bits) fails the unique index rather than joining two wallets' codes.
  await db.updateTable('wallets').set(code.kept).where('id', '=', walletId).execute();
  return { recoveryCode: code.shown };
}

export async function walletByRecoveryLookup(db: DB, lookup: string): Promise<string> {
  const wallet = await db.selectFrom('wallets').select('id').where('recovery_lookup', '=', lookup).executeTakeFirst();
  if (!wallet) throw recoveryCodeUnknown();
  return wallet.id;
}

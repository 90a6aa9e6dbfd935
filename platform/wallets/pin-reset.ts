import type { z } from 'zod';
import type { PinResetBodySchema } from '../../protocol/api';
import type { Platform } from '../context';
import { slowHash } from '../crypto/argon2';
import { checkRecoveryCode } from './pin';
import { splitRecoveryCode } from './recovery';
import { provenDevice, startSession } from './sessions';

/**
 * A forgotten PIN, set anew on one of the wallet's browsers: its device key (a signed challenge) and
 * the recovery code, checked on the PIN's five tries — a thief needs both the browser and the code.
 * The new PIN replaces the old at once, every session of the wallet ends (whoever used the old PIN is
 * signed out everywhere), and this browser is unlocked with a new session.
 */
export async function resetPin(p: Platform, body: z.infer<typeof PinResetBodySchema>) {
  const device = await provenDevice(p, body);
  await checkRecoveryCode(p.db, body.walletId, splitRecoveryCode(body.recoveryCode), p.now());
  const pinHash = await slowHash(body.newPin);
  return p.db.transaction().execute(async (tx) => {
    await tx.updateTable('wallets').set({ pin_hash: pinHash }).where('id', '=', body.walletId).execute();
    await tx.deleteFrom('sessions').where('wallet_id', '=', body.walletId).execute();
    return startSession(tx, body.walletId, device, p.now());
  });
}

import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { LinkBodySchema, RecoverBodySchema } from '../../protocol/api';
import { codeFromBytes, groupCode, LINK_CODE_LENGTH } from '../../protocol/codes';
import type { Platform } from '../context';
import type { DB, Tx } from '../db/connect';
import { newId, sha256 } from '../ids';
import { deviceCurrent, deviceNotFound, linkCodeInvalid } from '../refusals';
import { checkPin, checkRecovery } from './pin';
import { splitRecoveryCode, walletByRecoveryLookup } from './recovery';
import { MINUTE_MS } from '../../protocol/time';

const LINK_CODE_TTL_MS = 10 * MINUTE_MS;

type Session = { walletId: string; deviceId: string };

export async function addDevice(db: DB | Tx, walletId: string, publicJwk: JsonWebKey, name: string): Promise<string> {
  const { kty, crv, x, y } = publicJwk;
  const id = newId('dev');
  await db
    .insertInto('devices')
    .values({ id, wallet_id: walletId, public_jwk: JSON.stringify({ kty, crv, x, y }), name })
    .execute();
  return id;
}

export async function listDevices(db: DB, session: Session) {
  const rows = await db
    .selectFrom('devices')
    .select(['id', 'name', 'created_at', 'last_used_at', 'auto_lock_minutes'])
    .where('wallet_id', '=', session.walletId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at')
    .execute();
  return {
    items: rows.map((row) => ({
      id: row.id,
      name: row.name,
      createdAt: row.created_at.toISOString(),
      lastUsedAt: row.last_used_at.toISOString(),
      autoLockMinutes: row.auto_lock_minutes,
      current: row.id === session.deviceId,
    })),
  };
}

/** Ends a device: its key opens no session again, and its open sessions end at once. */
async function revoke(db: DB | Tx, walletId: string, deviceIds: string[], now: Date): Promise<void> {
  if (!deviceIds.length) return;
  // Devices first: their row locks make a session being opened on them finish (and be deleted
  // next) or find them revoked (openSession); deleting sessions first left a gap for a new one.
  await db
    .updateTable('devices')
    .set({ revoked_at: now })
    .where('wallet_id', '=', walletId)
    .where('id', 'in', deviceIds)
    .execute();
  await db.deleteFrom('sessions').where('device_id', 'in', deviceIds).execute();
}

export async function revokeDevice(p: Platform, session: Session, deviceId: string) {
  if (deviceId === session.deviceId) throw deviceCurrent();
  const device = await p.db
    .selectFrom('devices')
    .select('id')
    .where('id', '=', deviceId)
    .where('wallet_id', '=', session.walletId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!device) throw deviceNotFound();
  await p.db.transaction().execute((tx) => revoke(tx, session.walletId, [deviceId], p.now()));
  return listDevices(p.db, session);
}

/**
 * The auto-lock time of this device. Its open sessions take the new time at once, counted from now: a
 * shorter time must not wait for the old deadline (use only ever moves a deadline later).
 */
export async function setAutoLock(db: DB, session: Session, minutes: number, now: Date) {
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('devices').set({ auto_lock_minutes: minutes }).where('id', '=', session.deviceId).execute();
    await tx
      .updateTable('sessions')
      .set({ idle_until: new Date(now.getTime() + minutes * MINUTE_MS) })
      .where('device_id', '=', session.deviceId)
      .execute();
  });
  return { autoLockMinutes: minutes };
}

/** A one-time code another browser types, with the PIN, to join this wallet: ten minutes, one use. */
export async function createLinkCode(p: Platform, walletId: string) {
  const code = codeFromBytes(randomBytes(LINK_CODE_LENGTH), LINK_CODE_LENGTH);
  const expiresAt = new Date(p.now().getTime() + LINK_CODE_TTL_MS);
  await p.db
    .insertInto('link_codes')
    .values({ code_hash: sha256(code), wallet_id: walletId, expires_at: expiresAt })
    .execute();
  return { linkCode: groupCode(code), expiresAt: expiresAt.toISOString() };
}

/** A new browser joins with a link code and the PIN; the code is spent only when the PIN is right. */
export async function linkDevice(p: Platform, body: z.infer<typeof LinkBodySchema>) {
  const codeHash = sha256(body.linkCode);
  const live = await p.db
    .selectFrom('link_codes')
    .select('wallet_id')
    .where('code_hash', '=', codeHash)
    .where('expires_at', '>', p.now())
    .executeTakeFirst();
  if (!live) throw linkCodeInvalid();
  await checkPin(p.db, live.wallet_id, body.pin, p.now());
  return p.db.transaction().execute(async (tx) => {
    const spent = await tx
      .deleteFrom('link_codes')
      .where('code_hash', '=', codeHash)
      .returning('wallet_id')
      .executeTakeFirst();
    if (!spent) throw linkCodeInvalid(); // a parallel request spent it first
    const deviceId = await addDevice(tx, spent.wallet_id, body.devicePublicKey, body.deviceName);
    return { walletId: spent.wallet_id, deviceId };
  });
}

/**
 * A new browser joins with the recovery code and the PIN (both checked on the PIN's five tries); with
 * `revokeOtherDevices`, every other device is revoked in the same step (a lost or stolen browser).
 */
export async function recoverWallet(p: Platform, body: z.infer<typeof RecoverBodySchema>) {
  const { lookup, secret } = splitRecoveryCode(body.recoveryCode);
  const walletId = await walletByRecoveryLookup(p.db, lookup);
  await checkRecovery(p.db, walletId, secret, body.pin, p.now());
  return p.db.transaction().execute(async (tx) => {
    const others = await tx
      .selectFrom('devices')
      .select('id')
      .where('wallet_id', '=', walletId)
      .where('revoked_at', 'is', null)
      .execute();
    const deviceId = await addDevice(tx, walletId, body.devicePublicKey, body.deviceName);
    if (body.revokeOtherDevices)
      await revoke(
        tx,
        walletId,
        others.map((d) => d.id),
        p.now(),
      );
    return { walletId, deviceId };
  });
}

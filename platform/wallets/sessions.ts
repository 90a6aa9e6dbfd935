import { base64url } from 'jose';
import type { Platform } from '../context';
import type { DB, Tx } from '../db/connect';
import { secretToken, sha256 } from '../ids';
import { challengeInvalid, deviceRevokedWhileUnlocking, signatureInvalid, walletNotFound } from '../refusals';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { checkPasskey } from './passkeys';
import { checkPin } from './pin';
import { HOUR_MS, MINUTE_MS, SECOND_MS } from '../../protocol/time';

const CHALLENGE_TTL_MS = 5 * MINUTE_MS;
/** However busy, a session lasts at most this long; idle, it ends after the device's auto-lock time. */
const SESSION_TTL_MS = 12 * HOUR_MS;
/** Moving the idle deadline is a write: done when it has fallen this far behind, not on every request. */
const IDLE_SLACK_MS = 30 * SECOND_MS;

export async function issueChallenge(p: Platform, walletId: string) {
  const wallet = await p.db.selectFrom('wallets').select('id').where('id', '=', walletId).executeTakeFirst();
  if (!wallet) throw walletNotFound();
  const challenge = secretToken('chl');
  const expiresAt = new Date(p.now().getTime() + CHALLENGE_TTL_MS);
  await p.db.insertInto('challenges').values({ challenge, wallet_id: walletId, expires_at: expiresAt }).execute();
  return { challenge, expiresAt: expiresAt.toISOString() };
}

function decodeSignature(text: string): Uint8Array<ArrayBuffer> {
  try {
    return base64url.decode(text) as Uint8Array<ArrayBuffer>;
  } catch {
    return new Uint8Array();
  }
}

/** The wallet's device (not revoked) whose key made this signature of the challenge, if any. */
async function signingDevice(db: DB, walletId: string, challenge: string, signature: string) {
  const devices = await db
    .selectFrom('devices')
    .select(['id', 'public_jwk', 'auto_lock_minutes'])
    .where('wallet_id', '=', walletId)
    .where('revoked_at', 'is', null)
    // The device that unlocked last is the likeliest signer: tried first.
    .orderBy('last_used_at', 'desc')
    .execute();
  const signed = new TextEncoder().encode(challenge);
  const bytes = decodeSignature(signature);
  for (const device of devices) {
    const key = await verifyingKey(device.public_jwk);
    if (key && (await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, bytes, signed))) return device;
  }
  return undefined;
}

/**
 * A device's stored key, ready to verify; null for one WebCrypto will not take (stored before keys
 * were checked on arrival): such a device cannot unlock, and must not stop the wallet's others.
 */
async function verifyingKey(jwk: JsonWebKey): Promise<CryptoKey | null> {
  try {
    return await crypto.subtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  } catch {
    return null;
  }
}

/**
 * The wallet's device that signed this challenge: the challenge used up (each works once, for its
 * wallet, until it expires), then the signature checked against the wallet's live devices.
 */
export async function provenDevice(p: Platform, body: { walletId: string; challenge: string; signature: string }) {
  const used = await p.db
    .deleteFrom('challenges')
    .where('challenge', '=', body.challenge)
    .where('wallet_id', '=', body.walletId)
    .where('expires_at', '>', p.now())
    .returning('wallet_id')
    .executeTakeFirst();
  if (!used) throw challengeInvalid();
  const device = await signingDevice(p.db, body.walletId, body.challenge, body.signature);
  if (!device) throw signatureInvalid();
  return device;
}

type ProvenDevice = Awaited<ReturnType<typeof provenDevice>>;

/**
 * Unlocks the wallet on one device: a challenge signed by the device's key (the browser) and the PIN
 * (the person, checked with the lockout) — or a passkey's assertion over the same challenge — buy a
 * session token.
 */
export async function openSession(
  p: Platform,
  body: { walletId: string; challenge: string; signature: string; pin?: string; passkey?: AuthenticationResponseJSON },
) {
  const device = await provenDevice(p, body);
  if (body.passkey) await checkPasskey(p, body.walletId, body.challenge, body.passkey);
  else await checkPin(p.db, body.walletId, body.pin, p.now());
  // A passkey proves the person, not the PIN: step-ups still ask for it.
  const pinProved = !body.passkey;
  return p.db.transaction().execute((tx) => startSession(tx, body.walletId, device, p.now(), pinProved));
}

/**
 * A new session for a device whose key and PIN (or recovery code) were just proven. The slow hash came
 * first: the device may have been revoked meanwhile. Its row, locked and found still live, is what lets
 * the session be written; a revoke waits for this, then deletes the session.
 */
export async function startSession(tx: Tx, walletId: string, device: ProvenDevice, now: Date, pinProved = true) {
  const token = secretToken('ses');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  const idleUntil = new Date(now.getTime() + device.auto_lock_minutes * MINUTE_MS);
  const live = await tx
    .updateTable('devices')
    .set({ last_used_at: now })
    .where('id', '=', device.id)
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!live) throw deviceRevokedWhileUnlocking();
  await tx
    .insertInto('sessions')
    .values({
      token_hash: sha256(token),
      wallet_id: walletId,
      device_id: device.id,
      expires_at: expiresAt,
      idle_until: idleUntil,
      pin_verified_at: pinProved ? now : null,
    })
    .execute();
  return {
    token,
    expiresAt: expiresAt.toISOString(),
    idleUntil: idleUntil.toISOString(),
    autoLockMinutes: device.auto_lock_minutes,
    deviceId: device.id,
  };
}

/**
 * The live session a token names, its idle deadline moved on by this use. Null when unknown, past its
 * end, idle longer than its device's auto-lock time (a copied token stops working with the lock), or
 * its device revoked (whatever a revoke raced with, the revoked flag alone ends the device's access).
 */
export async function liveSession(db: DB, token: string, now: Date) {
  const tokenHash = sha256(token);
  const session = await db
    .selectFrom('sessions')
    .innerJoin('devices', 'devices.id', 'sessions.device_id')
    .select(['sessions.wallet_id', 'sessions.device_id', 'sessions.idle_until', 'devices.auto_lock_minutes'])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', now)
    .where('sessions.idle_until', '>', now)
    .where('devices.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!session) return null;
  const idleUntil = now.getTime() + session.auto_lock_minutes * MINUTE_MS;
  if (idleUntil - session.idle_until.getTime() > IDLE_SLACK_MS) {
    await db
      .updateTable('sessions')
      .set({ idle_until: new Date(idleUntil) })
      .where('token_hash', '=', tokenHash)
      .execute();
  }
  return { walletId: session.wallet_id, deviceId: session.device_id, tokenHash };
}

/** Locks the wallet on this device: the session ends here and now, not at its expiry. */
export async function endSession(db: DB, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

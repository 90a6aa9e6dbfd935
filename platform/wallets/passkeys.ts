import {
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { base64url } from 'jose';
import type { Platform } from '../context';
import { sha256 } from '../ids';
import { passkeyInvalid, passkeyNotFound, passkeyRegistrationInvalid } from '../refusals';
import { MINUTE_MS } from '../../protocol/time';

/**
 * Passkeys that unlock the wallet in place of the PIN, registered and used from the extension's own
 * pages (WebAuthn; the browser gives an extension page its own RP ID). Verification is
 * @simplewebauthn/server's; the rules here are Pouch's: user verification always, only an extension's
 * origin, the counter never going back, one wallet's passkeys for that wallet alone.
 */

const CHALLENGE_TTL_MS = 5 * MINUTE_MS;
/** The origins an extension page has: a passkey made anywhere else (a web page) is not the wallet's. */
const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/[a-z0-9-]{1,64}$/;

/** The origin the browser wrote into a response's client data, or null when it cannot be read. */
function clientOrigin(clientDataJSON: string): string | null {
  try {
    const origin = (JSON.parse(new TextDecoder().decode(base64url.decode(clientDataJSON))) as { origin?: unknown })
      .origin;
    return typeof origin === 'string' ? origin : null;
  } catch {
    return null;
  }
}

/**
 * The RP ID an extension page is given when it names none: Chromium uses the page's whole origin
 * (`chrome-extension://…`), other browsers may use its host; the one the browser used is kept.
 */
const rpIdsOf = (origin: string) => [origin, new URL(origin).host];

/**
 * Options for the browser's navigator.credentials.create(): a fresh challenge kept five minutes, user
 * verification required, the wallet's passkeys excluded. No RP ID: the extension page's own is used.
 */
export async function passkeyOptions(p: Platform, walletId: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await p.db.selectFrom('passkeys').select('id').where('wallet_id', '=', walletId).execute();
  const options = await generateRegistrationOptions({
    rpName: 'Pouch',
    rpID: 'pouch.invalid',
    userName: 'Pouch wallet',
    userDisplayName: 'Pouch wallet',
    userID: new Uint8Array(Buffer.from(sha256(`passkey-user:${walletId}`), 'hex')),
    attestationType: 'none',
    excludeCredentials: existing.map((k) => ({ id: k.id })),
    authenticatorSelection: { userVerification: 'required', residentKey: 'discouraged' },
  });
  await p.db
    .insertInto('passkey_challenges')
    .values({
      challenge: options.challenge,
      wallet_id: walletId,
      expires_at: new Date(p.now().getTime() + CHALLENGE_TTL_MS),
    })
    .execute();
  const { id: _placeholder, ...rp } = options.rp;
  return { ...options, rp };
}

/** Checks the browser's answer to those options and keeps the passkey; each challenge works once. */
export async function registerPasskey(p: Platform, walletId: string, response: RegistrationResponseJSON, name: string) {
  const origin = clientOrigin(response.response.clientDataJSON);
  if (!origin || !EXTENSION_ORIGIN.test(origin)) throw passkeyRegistrationInvalid('an extension page of this wallet');
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  let challenge: string | undefined;
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: async (given) => {
        const used = await p.db
          .deleteFrom('passkey_challenges')
          .where('challenge', '=', given)
          .where('wallet_id', '=', walletId)
          .where('expires_at', '>', p.now())
          .returning('challenge')
          .executeTakeFirst();
        challenge = used?.challenge;
        return Boolean(used);
      },
      expectedOrigin: origin,
      expectedRPID: rpIdsOf(origin),
      requireUserVerification: true,
    });
  } catch {
    throw passkeyRegistrationInvalid(challenge ? 'a response the authenticator signed' : 'a fresh challenge');
  }
  const info = verified.registrationInfo;
  if (!verified.verified || !info?.rpID) throw passkeyRegistrationInvalid('a verified registration');
  await p.db
    .insertInto('passkeys')
    .values({
      id: info.credential.id,
      wallet_id: walletId,
      public_key: base64url.encode(info.credential.publicKey),
      counter: info.credential.counter,
      rp_id: info.rpID,
      origin,
      name,
    })
    .execute();
  return listPasskeys(p, walletId);
}

/**
 * Checks a passkey's assertion over a session challenge (its UTF-8 bytes, as the device key signs
 * them): the wallet's own passkey, user verified, from the origin it was made on, its counter moving on.
 */
export async function checkPasskey(
  p: Platform,
  walletId: string,
  challenge: string,
  assertion: AuthenticationResponseJSON,
) {
  const key = await p.db
    .selectFrom('passkeys')
    .selectAll()
    .where('id', '=', assertion.id)
    .where('wallet_id', '=', walletId)
    .executeTakeFirst();
  if (!key) throw passkeyInvalid();
  let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verified = await verifyAuthenticationResponse({
      response: assertion,
      expectedChallenge: base64url.encode(new TextEncoder().encode(challenge)),
      expectedOrigin: key.origin,
      expectedRPID: key.rp_id,
      credential: {
        id: key.id,
        publicKey: base64url.decode(key.public_key) as Uint8Array<ArrayBuffer>,
        counter: Number(key.counter),
      },
      requireUserVerification: true,
    });
  } catch {
    throw passkeyInvalid();
  }
  if (!verified.verified || !verified.authenticationInfo.userVerified) throw passkeyInvalid();
  // The counter only moves on (a cloned authenticator would repeat one); one that stays at 0 does not count.
  const { newCounter } = verified.authenticationInfo;
  const moved = await p.db
    .updateTable('passkeys')
    .set({ counter: newCounter, last_used_at: p.now() })
    .where('id', '=', key.id)
    .where((eb) => eb.or([eb('counter', '<', newCounter), eb.and([eb('counter', '=', 0), eb.lit(newCounter === 0)])]))
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) === 0) throw passkeyInvalid();
}

export async function listPasskeys(p: Platform, walletId: string) {
  const rows = await p.db
    .selectFrom('passkeys')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .where('wallet_id', '=', walletId)
    .orderBy('created_at')
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      createdAt: r.created_at.toISOString(),
      ...(r.last_used_at && { lastUsedAt: r.last_used_at.toISOString() }),
    })),
  };
}

export async function removePasskey(p: Platform, walletId: string, id: string) {
  const removed = await p.db
    .deleteFrom('passkeys')
    .where('id', '=', id)
    .where('wallet_id', '=', walletId)
    .executeTakeFirst();
  if (Number(removed.numDeletedRows) === 0) throw passkeyNotFound();
  return listPasskeys(p, walletId);
}

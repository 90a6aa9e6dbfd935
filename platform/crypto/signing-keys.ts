import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { randomBytes } from 'node:crypto';
import type { DB } from '../db/connect';
import type { SealedJwk } from '../db/schema';
import { sealContext, type SecretBox } from './secret-box';
import { DAY_MS } from '../../protocol/time';

export interface PlatformKey {
  kid: string;
  privateKey: CryptoKey;
}

/** How long a retired key stays in the JWKS: longer than anything it signed is checked (receipts). */
const RETIRED_KEY_PUBLISHED_MS = 30 * DAY_MS;

/** Makes a new signing key and stores it with its private part sealed; it signs from now on. */
async function addSigningKey(db: DB, box: SecretBox): Promise<string> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const { kty, crv, x, y, d } = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint({ kty, crv, x, y });
  const sealed: SealedJwk = {
    kty: kty!,
    crv: crv!,
    x: x!,
    y: y!,
    sealedD: await box.seal(d!, sealContext.signingKey(kid)),
  };
  await db
    .insertInto('signing_keys')
    .values({ kid, private_jwk: JSON.stringify(sealed) })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return kid;
}

/**
 * The platform's ES256 key for receipts and ID tokens, kept in the database so every process signs
 * with the same one: the newest key not retired. Two processes starting at once may each add a key;
 * both are published and the newest signs.
 */
export async function platformSigningKey(db: DB, box: SecretBox): Promise<PlatformKey> {
  const newest = () =>
    db
      .selectFrom('signing_keys')
      .selectAll()
      .where('retired_at', 'is', null)
      .orderBy('created_at', 'desc')
      .orderBy('kid', 'desc')
      .executeTakeFirst();
  let row = await newest();
  if (!row) {
    await addSigningKey(db, box);
    row = await newest();
  }
  if (!row?.private_jwk.sealedD) throw new Error('invariant: signing keys are sealed at start');
  const { kty, crv, x, y, sealedD } = row.private_jwk;
  const d = await box.open(sealedD, sealContext.signingKey(row.kid));
  return { kid: row.kid, privateKey: (await importJWK({ kty, crv, x, y, d } as JWK, 'ES256')) as CryptoKey };
}

/** Starts a rotation: a new key signs from now on; the others retire but stay published for a while. */
export async function rotateSigningKey(db: DB, box: SecretBox, now: Date): Promise<string> {
  await db.updateTable('signing_keys').set({ retired_at: now }).where('retired_at', 'is', null).execute();
  return addSigningKey(db, box);
}

/** The public halves, for `/.well-known/jwks.json`: every key that signs or signed recently. */
export async function publicJwks(db: DB, now = new Date()): Promise<{ keys: JWK[] }> {
  const rows = await db
    .selectFrom('signing_keys')
    .selectAll()
    .where((eb) =>
      eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', new Date(now.getTime() - RETIRED_KEY_PUBLISHED_MS))]),
    )
    .orderBy('created_at')
    .execute();
  return {
    keys: rows.map(({ kid, private_jwk: { kty, crv, x, y } }) => ({ kty, crv, x, y, kid, alg: 'ES256', use: 'sig' })),
  };
}

/**
 * A secret of the platform's own, by name, made on first use and sealed: the same in every process
 * that shares the database.
 */
export async function platformSecret(db: DB, box: SecretBox, name: string): Promise<string> {
  const context = sealContext.platformSecret(name);
  const existing = await db.selectFrom('platform_secrets').select('sealed').where('name', '=', name).executeTakeFirst();
  if (existing) return box.open(existing.sealed, context);
  const sealed = await box.seal(randomBytes(32).toString('base64url'), context);
  await db
    .insertInto('platform_secrets')
    .values({ name, sealed })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return platformSecret(db, box, name);
}

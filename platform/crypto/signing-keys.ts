import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { DB } from '../db/connect';

export interface PlatformKey {
  kid: string;
  privateKey: CryptoKey;
}

/**
 * The platform's ES256 key for receipts, kept in the database so every process signs with the same
 * one. Two processes starting at once may each add a key; all are published, the oldest signs.
 */
export async function platformSigningKey(db: DB): Promise<PlatformKey> {
  let row = await db.selectFrom('signing_keys').selectAll().orderBy('created_at').orderBy('kid').executeTakeFirst();
  if (!row) {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(privateKey);
    const kid = await calculateJwkThumbprint(jwk);
    await db
      .insertInto('signing_keys')
      .values({ kid, private_jwk: JSON.stringify(jwk) })
      .onConflict((oc) => oc.doNothing())
      .execute();
    row = await db
      .selectFrom('signing_keys')
      .selectAll()
      .orderBy('created_at')
      .orderBy('kid')
      .executeTakeFirstOrThrow();
  }
  return { kid: row.kid, privateKey: (await importJWK(row.private_jwk as JWK, 'ES256')) as CryptoKey };
}

/** The public halves, for `/.well-known/jwks.json`. */
export async function publicJwks(db: DB): Promise<{ keys: JWK[] }> {
  const rows = await db.selectFrom('signing_keys').selectAll().orderBy('created_at').execute();
  return {
    keys: rows.map(({ kid, private_jwk }) => {
      const { kty, crv, x, y } = private_jwk as JWK;
      return { kty, crv, x, y, kid, alg: 'ES256', use: 'sig' };
    }),
  };
}

import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { SignJWT } from 'jose';
import type { z } from 'zod';
import type { LoginBodySchema } from '../../protocol/api';
import type { Platform } from '../context';
import type { DB } from '../db/connect';
import { platformSecret } from '../crypto/signing-keys';
import { verifiedOrigins } from '../merchants/origins';
import { kindsOf } from '../../protocol/sharing';
import { consentRequired, merchantNotFound, wrongOrigin } from '../refusals';
import { recordLoginShare, sharedFor } from '../wallets/shares';

const ID_TOKEN_TTL_S = 300;

/**
 * The subject a merchant sees for a wallet: the same at every sign-in there, different at every other
 * merchant, so two shops cannot match their users. Keyed by a secret only the platform holds.
 */
async function pairwiseSubject(p: Platform, walletId: string, merchantId: string): Promise<string> {
  // Its own secret, not the signing key's: rotating the signing key must not change who a customer is.
  const secret = await platformSecret(p.db, p.box, 'pairwise-subject');
  return `pw_${createHmac('sha256', `pairwise:${secret}`).update(`${walletId}\n${merchantId}`).digest('base64url').slice(0, 32)}`;
}

/**
 * "Sign in with Pouch": an ES256 ID token for the merchant (audience), with a pairwise subject, the
 * page's nonce, a five-minute life, and the email and address claims when the user chose to share them.
 * A site the wallet is not connected to needs the user's consent,
 * given in extension UI; revoking a connection brings that requirement back.
 */
export async function signIn(p: Platform, walletId: string, body: z.infer<typeof LoginBodySchema>) {
  const merchant = await p.db
    .selectFrom('merchants')
    .select(['id'])
    .where('id', '=', body.merchantId)
    .executeTakeFirst();
  if (!merchant) throw merchantNotFound();
  const origins = await verifiedOrigins(p.db, merchant.id);
  if (!origins.includes(body.origin)) throw wrongOrigin(origins);
  const connected = await p.db
    .selectFrom('connections')
    .select('merchant_id')
    .where('wallet_id', '=', walletId)
    .where('merchant_id', '=', merchant.id)
    .executeTakeFirst();
  if (!connected && !body.consent) throw consentRequired();
  // Sharing is asked in the consent window each time: a token for a connected site carries none without it.
  if (body.share && kindsOf(body.share).length && !body.consent) throw consentRequired();
  const shared = body.share ? await sharedFor(p, walletId, kindsOf(body.share), body.share) : null;
  await p.db
    .insertInto('connections')
    .values({ wallet_id: walletId, merchant_id: merchant.id })
    .onConflict((oc) => oc.columns(['wallet_id', 'merchant_id']).doUpdateSet({ last_login_at: sql`now()` }))
    .execute();
  const subject = await pairwiseSubject(p, walletId, merchant.id);
  const signing = await p.signingKey();
  const iat = Math.floor(p.now().getTime() / 1000);
  if (shared) await recordLoginShare(p, walletId, merchant.id, kindsOf(body.share!));
  const idToken = await new SignJWT({
    nonce: body.nonce,
    auth_time: iat,
    ...(shared?.contact && { email: shared.contact.email }),
    ...(shared?.address && { address: shared.address }),
  })
    .setProtectedHeader({ alg: 'ES256', kid: signing.kid, typ: 'JWT' })
    .setIssuer(p.config.publicUrl)
    .setAudience(merchant.id)
    .setSubject(subject)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ID_TOKEN_TTL_S)
    .sign(signing.privateKey);
  return { idToken, expiresAt: new Date((iat + ID_TOKEN_TTL_S) * 1000).toISOString(), subject };
}

export async function connections(db: DB, walletId: string) {
  const rows = await db
    .selectFrom('connections')
    .innerJoin('merchants', 'merchants.id', 'connections.merchant_id')
    .select(['connections.merchant_id', 'merchants.name', 'connections.connected_at', 'connections.last_login_at'])
    .where('connections.wallet_id', '=', walletId)
    .orderBy('merchants.name')
    .execute();
  return {
    items: rows.map((r) => ({
      merchantId: r.merchant_id,
      merchantName: r.name,
      connectedAt: r.connected_at.toISOString(),
      lastLoginAt: r.last_login_at.toISOString(),
    })),
  };
}

export async function revokeConnection(db: DB, walletId: string, merchantId: string) {
  await db.deleteFrom('connections').where('wallet_id', '=', walletId).where('merchant_id', '=', merchantId).execute();
  return connections(db, walletId);
}

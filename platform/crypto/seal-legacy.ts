import type { DB } from '../db/connect';
import type { SealedJwk } from '../db/schema';
import { sealContext, type SecretBox } from './secret-box';

/** Seals what was stored in the clear before secrets were sealed: signing keys and webhook secrets. */
export async function sealLegacySecrets(db: DB, box: SecretBox): Promise<void> {
  for (const row of await db.selectFrom('signing_keys').selectAll().execute()) {
    const { d, ...rest } = row.private_jwk;
    if (!d) continue;
    const sealed: SealedJwk = { ...rest, sealedD: await box.seal(d, sealContext.signingKey(row.kid)) };
    await db
      .updateTable('signing_keys')
      .set({ private_jwk: JSON.stringify(sealed) })
      .where('kid', '=', row.kid)
      .execute();
  }
  for (const m of await db
    .selectFrom('merchants')
    .select(['id', 'webhook_secret'])
    .where('webhook_secret', 'not like', 'sealed:%')
    .execute()) {
    const sealed = await box.seal(m.webhook_secret, sealContext.webhookSecret(m.id));
    await db.updateTable('merchants').set({ webhook_secret: sealed }).where('id', '=', m.id).execute();
  }
}

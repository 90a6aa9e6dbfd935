/**
 * `npm run rotate-signing-key`: a new platform signing key signs receipts and ID tokens from now on;
 * the old ones stay in /.well-known/jwks.json for 30 days, so what they signed still verifies. Same
 * environment as the platform (DATABASE_URL and POUCH_SECRET_KEY, or POUCH_DATA). With the embedded
 * database, stop the platform first: PGlite takes one process at a time. Running processes pick the
 * new key up within five minutes.
 */
import { ConfigError, configFromEnv } from './config';
import { secretBox } from './crypto/secret-box';
import { rotateSigningKey } from './crypto/signing-keys';
import { openDatabase } from './db/connect';
import { keyEncryptionKey } from './server';

try {
  const config = configFromEnv();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const kid = await rotateSigningKey(db, await secretBox(keyEncryptionKey(config)), new Date());
  await db.destroy();
  console.log(`New platform signing key ${kid} signs from now on; the previous keys stay published for 30 days.`);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}

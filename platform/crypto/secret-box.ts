import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PREFIX = 'sealed:v1:';
const KEY_BYTES = 32;
/** AES-GCM's tag, after the ciphertext (as WebCrypto, which sealed the first values, lays it out). */
const TAG_BYTES = 16;

/**
 * Secrets at rest: AES-256-GCM (node:crypto, synchronous: every webhook delivery opens its secret) under
 * a key-encryption key the database does not hold. Each
 * sealed value is bound to its place (`context`, e.g. the merchant it belongs to), so a row's secret
 * copied onto another row does not open there.
 */
export interface SecretBox {
  seal(plain: string, context: string): Promise<string>;
  open(sealed: string, context: string): Promise<string>;
  /** A keyed hash for look-ups that must not reveal what was hashed (card fingerprints). */
  mac(label: string, data: string): string;
}

const isSealed = (value: string): boolean => value.startsWith(PREFIX);

/** Where each sealed secret lives: the context binds its ciphertext to that row and no other. */
export const sealContext = {
  webhookSecret: (merchantId: string) => `webhook-secret:${merchantId}`,
  signingKey: (kid: string) => `signing-key:${kid}`,
  platformSecret: (name: string) => `platform-secret:${name}`,
};

export async function secretBox(kek: Uint8Array): Promise<SecretBox> {
  if (kek.length !== KEY_BYTES) throw new Error(`invariant: the key-encryption key has ${KEY_BYTES} bytes`);
  const macKey = createHmac('sha256', kek).update('pouch mac key').digest();
  const aad = (context: string) => Buffer.from(context);
  return {
    async seal(plain, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', kek, iv).setAAD(aad(context));
      const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${PREFIX}${iv.toString('base64url')}:${sealed.toString('base64url')}`;
    },
    async open(sealed, context) {
      if (!isSealed(sealed)) throw new Error('invariant: a secret read from the database is sealed');
      const [iv, data] = sealed.slice(PREFIX.length).split(':');
      const bytes = Buffer.from(data!, 'base64url');
      if (bytes.length < TAG_BYTES) throw new Error('a sealed secret too short to hold its tag');
      const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(iv!, 'base64url'))
        .setAAD(aad(context))
        .setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    },
    mac: (label, data) => createHmac('sha256', macKey).update(`${label}\n${data}`).digest('base64url'),
  };
}

/** POUCH_SECRET_KEY's bytes: 32, base64url. */
export function parseSecretKey(value: string): Uint8Array | null {
  const bytes = Buffer.from(value, 'base64url');
  return bytes.length === KEY_BYTES ? bytes : null;
}

/**
 * The key-encryption key for the embedded database: a file beside it, made on first start, readable
 * by the platform's user only. (With PostgreSQL the key comes from POUCH_SECRET_KEY, never the database.)
 */
export function keyFileSecret(dataDir: string): Uint8Array {
  const file = join(dataDir, 'secret.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(KEY_BYTES).toString('base64url'), { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  const key = parseSecretKey(readFileSync(file, 'utf8').trim());
  if (!key) throw new Error(`${file} does not hold a 32-byte base64url key`);
  return key;
}

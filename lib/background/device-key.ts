import { base64url } from '../../protocol/base64url';
import type { DeviceKey } from '../db/schema';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/** A fresh P-256 key pair; the private key cannot be exported, only used to sign here. */
export async function createDeviceKey(): Promise<DeviceKey> {
  const pair = await crypto.subtle.generateKey(ALGORITHM, false, ['sign', 'verify']);
  const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', pair.publicKey);
  return { privateKey: pair.privateKey, publicJwk: { kty, crv, x, y } };
}

/** ES256 signature (raw r‖s, as JWS uses) over the challenge's UTF-8 bytes. */
export async function signChallenge(key: CryptoKey, challenge: string): Promise<string> {
  const signature = await crypto.subtle.sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    key,
    new TextEncoder().encode(challenge),
  );
  return base64url(signature);
}

/**
 * What the devices list calls this browser — "Chrome on Linux", "Linux 上的 Chrome" — from its user
 * agent, in the words of the wallet's language (`say` is the browser's i18n) when the device is added.
 */
export function deviceName(
  userAgent: string,
  say: (key: 'deviceOn' | 'deviceUnknownBrowser' | 'deviceUnknownSystem', ...subs: string[]) => string,
): string {
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrome\//.test(userAgent)
        ? 'Chrome'
        : say('deviceUnknownBrowser');
  const system = /Android/.test(userAgent)
    ? 'Android'
    : /CrOS/.test(userAgent)
      ? 'ChromeOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : say('deviceUnknownSystem');
  return say('deviceOn', browser, system);
}

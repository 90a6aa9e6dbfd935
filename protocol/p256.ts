import { base64url } from 'jose';

/**
 * Whether (x, y) is a point of the P-256 curve (SEC 2, secp256r1): both coordinates below the field
 * prime and y² = x³ − 3x + b (mod p). A key whose coordinates fail this is no key at all — WebCrypto
 * refuses to import it — so the platform refuses it where it arrives instead of meeting it later.
 * Written out because the check is one equation and the extension should not carry a curve library.
 */
const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;

/** A coordinate as a JWK spells it: 32 bytes, base64url without padding. */
export const COORDINATE = /^[A-Za-z0-9_-]{43}$/;

function coordinate(text: string): bigint | null {
  if (!COORDINATE.test(text)) return null;
  return base64url.decode(text).reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
}

const mod = (value: bigint) => ((value % P) + P) % P;

export function isP256Point(x: string, y: string): boolean {
  const X = coordinate(x);
  const Y = coordinate(y);
  if (X === null || Y === null || X >= P || Y >= P) return false;
  return mod(Y * Y) === mod(X * X * X - 3n * X + B);
}

import { z } from 'zod';

/**
 * Codes a person writes down or reads out: Crockford's base32 (no I, L, O or U to misread), in groups of
 * four. Typed back in any case, with or without dashes and spaces; O reads as 0, I and L as 1.
 */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 32 characters: the first 8 find the wallet, the other 24 (120 bits) are the secret. */
export const RECOVERY_CODE_LENGTH = 32;
export const RECOVERY_LOOKUP_LENGTH = 8;
/** A one-time code to link a device: 8 characters (40 bits), good for ten minutes and one use. */
export const LINK_CODE_LENGTH = 8;

export function codeFromBytes(bytes: Uint8Array, length: number): string {
  if (bytes.length < length) throw new Error('invariant: one random byte per code character');
  // 256 is a multiple of 32: a byte's low five bits are uniform.
  return Array.from(bytes.subarray(0, length), (byte) => CODE_ALPHABET[byte & 31]).join('');
}

export const groupCode = (code: string) => code.match(/.{1,4}/g)!.join('-');

/** The code as written in the alphabet, or null when it is not one of `length` characters. */
export function normalizeCode(typed: string, length: number): string | null {
  const code = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (code.length !== length || [...code].some((c) => !CODE_ALPHABET.includes(c))) return null;
  return code;
}

const codeSchema = (length: number, what: string) =>
  z
    .string()
    .max(100)
    .transform((typed, ctx) => {
      const code = normalizeCode(typed, length);
      if (code) return code;
      ctx.addIssue({ code: 'custom', message: `expected the ${what}: ${length} letters and digits (dashes optional)` });
      return z.NEVER;
    });

export const RecoveryCodeSchema = codeSchema(RECOVERY_CODE_LENGTH, 'recovery code');
export const LinkCodeSchema = codeSchema(LINK_CODE_LENGTH, 'link code');

import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import {
  CHECKOUT_TAG_ALG,
  CheckoutTagHeaderSchema,
  COMPACT_JWS,
  CheckoutTagPayloadSchema,
  type CheckoutTagPayload,
} from './checkout-tag';
import { fieldIssues, PARSE_OPTIONS, type FieldIssue } from './field-issues';

/** A tag issued more than this far in the future is refused: clocks differ, but not by minutes. */
const CHECKOUT_TAG_CLOCK_SKEW_S = 60;

/** Every reason a checkout tag is refused, the same in the extension and on the platform. */
export const TAG_REFUSALS = [
  'tag_malformed',
  'tag_invalid',
  'tag_unknown_key',
  'tag_bad_signature',
  'tag_wrong_issuer',
  'tag_wrong_origin',
  'origin_unverified',
  'tag_expired',
  'tag_not_yet_valid',
] as const;
export type TagRefusal = (typeof TAG_REFUSALS)[number];

/** The merchant key a tag names, as the caller's directory knows it. */
export interface TagSigner {
  merchantId: string;
  merchantName: string;
  /** The origins the merchant has proven it controls (a file under /.well-known/ on each). */
  origins: readonly string[];
  jwk: JWK;
}

/** Finds the signer of a key id: the platform asks its database, the extension its cached directory. */
type TagSignerLookup<S extends TagSigner = TagSigner> = (kid: string) => Promise<S | undefined>;

export class CheckoutTagRefused extends Error {
  constructor(
    readonly code: TagRefusal,
    message: string,
    readonly issues: FieldIssue[],
  ) {
    super(message);
  }
}

/**
 * Checks a compact JWS's signature with the signer's key, its header already pinned to ES256: the
 * payload's bytes, or why not. The extension uses jose's (WebCrypto); the platform its own (node:crypto).
 */
export type SignatureCheck = (jws: string, jwk: JWK) => Promise<Uint8Array | 'unusable_key' | 'bad_signature'>;

interface TagCheck<S extends TagSigner> {
  findSigner: TagSignerLookup<S>;
  /** jose's check unless given. */
  checkSignature?: SignatureCheck;
  now: Date;
  /** The origin of the page that showed the tag, where there is one (the extension): it must be the tag's. */
  pageOrigin?: string;
}

interface VerifiedCheckoutTag<S extends TagSigner> {
  payload: CheckoutTagPayload;
  /** The caller's own record of the signer, with whatever else it looked up alongside. */
  signer: S;
}

const refuse = (code: TagRefusal, message: string, field: string, expected: string) =>
  new CheckoutTagRefused(code, message, [{ field, expected }]);

async function verifiedHeader(tag: string) {
  if (tag.trim() !== tag)
    throw refuse(
      'tag_malformed',
      'The checkout tag has spaces or line breaks around it: put the tag in the attribute exactly as signed.',
      'tag',
      'a compact JWS with nothing before or after it',
    );
  let raw: unknown;
  try {
    if (!COMPACT_JWS.test(tag)) throw new Error('not compact');
    raw = decodeProtectedHeader(tag);
  } catch {
    throw refuse(
      'tag_malformed',
      'The checkout tag is not a compact JWS.',
      'tag',
      'a compact JWS: header.payload.signature',
    );
  }
  const header = CheckoutTagHeaderSchema.safeParse(raw, PARSE_OPTIONS);
  if (!header.success)
    throw new CheckoutTagRefused(
      'tag_invalid',
      'The checkout tag header is not valid.',
      fieldIssues(header.error, 'tag.header'),
    );
  return header.data;
}

/**
 * Imported merchant keys by their JWK's text: importing costs more than verifying, and a shop signs
 * every tag with the same few keys. Bounded, oldest first out, so a flood of keys cannot grow it.
 */
const importedKeys = new Map<string, Promise<CryptoKey | Uint8Array>>();
const IMPORTED_KEYS_MAX = 1000;

function importedKey(jwk: JWK): Promise<CryptoKey | Uint8Array> {
  const text = JSON.stringify(jwk);
  let key = importedKeys.get(text);
  if (!key) {
    key = importJWK(jwk, CHECKOUT_TAG_ALG);
    // A key that fails to import is not kept: the next tag tries again and is refused again.
    key.catch(() => importedKeys.delete(text));
    if (importedKeys.size >= IMPORTED_KEYS_MAX) importedKeys.delete(importedKeys.keys().next().value!);
    importedKeys.set(text, key);
  }
  return key;
}

/** jose's signature check, on keys imported once. */
const joseSignatureCheck: SignatureCheck = async (jws, jwk) => {
  let key: CryptoKey | Uint8Array;
  try {
    key = await importedKey(jwk);
  } catch {
    return 'unusable_key';
  }
  try {
    return (await compactVerify(jws, key, { algorithms: [CHECKOUT_TAG_ALG] })).payload;
  } catch {
    return 'bad_signature';
  }
};

async function signedPayload(tag: string, signer: TagSigner, check: SignatureCheck): Promise<CheckoutTagPayload> {
  const bytes = await check(tag, signer.jwk);
  // Keys are checked when registered; one stored before that, off the curve, verifies nothing.
  if (bytes === 'unusable_key')
    throw refuse(
      'tag_unknown_key',
      "The shop's key this tag names is not a usable P-256 public key: the shop must register a valid one.",
      'tag.header.kid',
      'the kid of a valid P-256 key of the merchant',
    );
  if (bytes === 'bad_signature')
    throw refuse(
      'tag_bad_signature',
      'The checkout tag was changed after the shop signed it.',
      'tag',
      'a tag signed by the merchant',
    );
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw refuse('tag_malformed', 'The checkout tag payload is not JSON.', 'tag.payload', 'a JSON object');
  }
  const payload = CheckoutTagPayloadSchema.safeParse(json, PARSE_OPTIONS);
  if (!payload.success)
    throw new CheckoutTagRefused(
      'tag_invalid',
      'The checkout tag payload is not valid.',
      fieldIssues(payload.error, 'tag.payload'),
    );
  return payload.data;
}

function checkOrigin(payload: CheckoutTagPayload, signer: TagSigner, pageOrigin: string | undefined): void {
  // The page first: a copy of a real checkout on another site is that site's lie, whatever the tag says.
  if (pageOrigin !== undefined && pageOrigin !== payload.origin)
    throw refuse(
      'tag_wrong_origin',
      `This checkout is not ${signer.merchantName}'s: the page is at ${pageOrigin}.`,
      'tag.payload.origin',
      `the page's own origin, ${pageOrigin}`,
    );
  if (!signer.origins.includes(payload.origin))
    throw refuse(
      'origin_unverified',
      `${signer.merchantName} has not proven that it controls ${payload.origin}, so its checkouts there are not paid.`,
      'tag.payload.origin',
      `an origin ${signer.merchantName} has verified${signer.origins.length ? ` (${signer.origins.join(', ')})` : ''}`,
    );
}

function checkTime(payload: CheckoutTagPayload, now: Date): void {
  const nowS = Math.floor(now.getTime() / 1000);
  if (payload.exp <= nowS)
    throw refuse(
      'tag_expired',
      'The checkout tag has expired: reload the checkout page.',
      'tag.payload.exp',
      'a time in the future',
    );
  if (payload.iat > nowS + CHECKOUT_TAG_CLOCK_SKEW_S)
    throw refuse(
      'tag_not_yet_valid',
      'The checkout tag is issued in the future.',
      'tag.payload.iat',
      'a time not after now',
    );
}

/**
 * Verifies a checkout tag as DESIGN.md says, once for the extension and the platform: the pinned
 * header, a key id the caller's directory knows, the signature, the strict schema, the issuer owning
 * the key, the page's own origin (where there is a page) and one the merchant verified, and the time window.
 * The `jti` is the platform's to consume, in the payment's own transaction.
 */
export async function verifyCheckoutTag<S extends TagSigner>(
  tag: string,
  check: TagCheck<S>,
): Promise<VerifiedCheckoutTag<S>> {
  const header = await verifiedHeader(tag);
  const signer = await check.findSigner(header.kid);
  if (!signer)
    throw refuse(
      'tag_unknown_key',
      `No Pouch partner has the key id "${header.kid}".`,
      'tag.header.kid',
      'the key id of a registered merchant key',
    );
  const payload = await signedPayload(tag, signer, check.checkSignature ?? joseSignatureCheck);
  if (payload.iss !== signer.merchantId)
    throw refuse(
      'tag_wrong_issuer',
      'The tag names another merchant than the one who owns its key.',
      'tag.payload.iss',
      `"${signer.merchantId}"`,
    );
  checkOrigin(payload, signer, check.pageOrigin);
  checkTime(payload, check.now);
  return { payload, signer };
}

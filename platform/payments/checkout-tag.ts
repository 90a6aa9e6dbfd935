import type { Selectable } from 'kysely';
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import {
  CHECKOUT_TAG_ALG,
  CheckoutTagHeaderSchema,
  CheckoutTagPayloadSchema,
  type CheckoutTagPayload,
} from '../../protocol/checkout-tag';
import type { DB } from '../db/connect';
import type { MerchantsTable } from '../db/schema';
import { ApiError, zodIssues } from '../problem';

const CLOCK_SKEW_S = 60;

const refuse = (code: string, detail: string, field = 'tag', expected = 'a valid checkout tag') =>
  new ApiError(422, code, detail, [{ field, expected }]);

export interface VerifiedTag {
  payload: CheckoutTagPayload;
  merchant: Pick<Selectable<MerchantsTable>, 'id' | 'name' | 'origins' | 'webhook_url'>;
}

/**
 * Verifies a checkout tag as DESIGN.md says: pinned ES256, a registered key id, the signature, the
 * schema, the issuer owning the key, an origin the merchant registered, and the time window.
 * The `jti` is consumed later, in the payment's own transaction.
 */
export async function verifyCheckoutTag(db: DB, tag: string, now: Date): Promise<VerifiedTag> {
  let rawHeader: unknown;
  try {
    rawHeader = decodeProtectedHeader(tag);
  } catch {
    throw refuse(
      'tag_malformed',
      'The checkout tag is not a compact JWS.',
      'tag',
      'a compact JWS: header.payload.signature',
    );
  }
  const header = CheckoutTagHeaderSchema.safeParse(rawHeader);
  if (!header.success)
    throw new ApiError(
      422,
      'tag_invalid',
      'The checkout tag header is not valid.',
      zodIssues(header.error, 'tag.header'),
    );

  const key = await db
    .selectFrom('merchant_keys')
    .innerJoin('merchants', 'merchants.id', 'merchant_keys.merchant_id')
    .select([
      'merchant_keys.public_jwk',
      'merchants.id',
      'merchants.name',
      'merchants.origins',
      'merchants.webhook_url',
    ])
    .where('merchant_keys.kid', '=', header.data.kid)
    .executeTakeFirst();
  if (!key)
    throw refuse(
      'tag_unknown_key',
      `No partner has the key id "${header.data.kid}".`,
      'tag.header.kid',
      'the key id of a registered merchant key',
    );

  let payloadBytes: Uint8Array;
  try {
    const publicKey = await importJWK(key.public_jwk as JWK, CHECKOUT_TAG_ALG);
    ({ payload: payloadBytes } = await compactVerify(tag, publicKey, { algorithms: [CHECKOUT_TAG_ALG] }));
  } catch {
    throw refuse(
      'tag_bad_signature',
      'The checkout tag signature does not match the merchant key.',
      'tag',
      'a tag signed by the merchant',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(payloadBytes));
  } catch {
    throw refuse('tag_malformed', 'The checkout tag payload is not JSON.', 'tag.payload', 'a JSON object');
  }
  const payload = CheckoutTagPayloadSchema.safeParse(json);
  if (!payload.success)
    throw new ApiError(
      422,
      'tag_invalid',
      'The checkout tag payload is not valid.',
      zodIssues(payload.error, 'tag.payload'),
    );

  const tagData = payload.data;
  if (tagData.iss !== key.id)
    throw refuse(
      'tag_wrong_issuer',
      'The tag names another merchant than the one who owns its key.',
      'tag.payload.iss',
      `"${key.id}"`,
    );
  if (!key.origins.includes(tagData.origin)) {
    throw refuse(
      'tag_wrong_origin',
      `The tag is for ${tagData.origin}, which ${key.name} has not registered.`,
      'tag.payload.origin',
      `one of ${key.origins.join(', ')}`,
    );
  }
  const nowS = Math.floor(now.getTime() / 1000);
  if (tagData.exp <= nowS)
    throw refuse(
      'tag_expired',
      'The checkout tag has expired: reload the checkout page.',
      'tag.payload.exp',
      'a time in the future',
    );
  if (tagData.iat > nowS + CLOCK_SKEW_S)
    throw refuse(
      'tag_not_yet_valid',
      'The checkout tag is issued in the future.',
      'tag.payload.iat',
      'a time not after now',
    );
  return {
    payload: tagData,
    merchant: { id: key.id, name: key.name, origins: key.origins, webhook_url: key.webhook_url },
  };
}

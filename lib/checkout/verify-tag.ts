import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import type { CheckoutRefusal, CheckoutView } from '../../protocol/checkout';
import {
  CHECKOUT_TAG_ALG,
  CheckoutTagHeaderSchema,
  CheckoutTagPayloadSchema,
  type CheckoutTagPayload,
} from '../../protocol/checkout-tag';
import type { Partner } from '../../protocol/wallet';

export class TagRefused extends Error {
  constructor(
    readonly reason: CheckoutRefusal,
    message: string,
  ) {
    super(message);
  }
}

export interface VerifiedTag {
  view: CheckoutView;
  payload: CheckoutTagPayload;
}

/** Finds the partner that owns a key id, in the cached directory. */
export type PartnerLookup = (kid: string) => Promise<Partner | undefined>;

/**
 * Verifies a checkout tag in the browser, before anything is shown: pinned ES256, a key id the partner
 * directory knows, the signature, the schema, the issuer owning the key, the page's own origin being
 * the tag's and one the partner registered, and not expired. The merchant name comes from the
 * directory, never from the page.
 */
export async function verifyCheckoutTag(
  tag: string,
  pageOrigin: string,
  findPartner: PartnerLookup,
  now: Date,
): Promise<VerifiedTag> {
  let rawHeader: unknown;
  try {
    rawHeader = decodeProtectedHeader(tag);
  } catch {
    throw new TagRefused('tag_malformed', 'The checkout tag is not a compact JWS.');
  }
  const header = CheckoutTagHeaderSchema.safeParse(rawHeader);
  if (!header.success)
    throw new TagRefused('tag_invalid', `The checkout tag header is not valid: ${header.error.issues[0]?.message}.`);
  const partner = await findPartner(header.data.kid);
  const jwk = partner?.keys.find((key) => key.kid === header.data.kid);
  if (!partner || !jwk)
    throw new TagRefused('tag_unknown_merchant', 'The checkout tag is not signed by a Pouch partner.');

  let payloadBytes: Uint8Array;
  try {
    ({ payload: payloadBytes } = await compactVerify(tag, await importJWK(jwk, CHECKOUT_TAG_ALG), {
      algorithms: [CHECKOUT_TAG_ALG],
    }));
  } catch {
    throw new TagRefused('tag_bad_signature', 'The checkout tag was changed after the shop signed it.');
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(payloadBytes));
  } catch {
    throw new TagRefused('tag_malformed', 'The checkout tag payload is not JSON.');
  }
  const parsed = CheckoutTagPayloadSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TagRefused(
      'tag_invalid',
      `The checkout tag field "${issue?.path.join('.')}" is not valid: ${issue?.message}.`,
    );
  }
  const payload = parsed.data;
  if (payload.iss !== partner.merchantId)
    throw new TagRefused('tag_invalid', 'The checkout tag names another merchant than its key.');
  const registered = partner.origins.map((origin) => new URL(origin).origin);
  if (payload.origin !== pageOrigin || !registered.includes(payload.origin)) {
    throw new TagRefused('tag_wrong_origin', `This checkout is not ${partner.name}'s: the page is at ${pageOrigin}.`);
  }
  if (payload.exp * 1000 <= now.getTime())
    throw new TagRefused('tag_expired', 'The checkout has expired: reload the page.');
  return {
    payload,
    view: {
      merchantId: partner.merchantId,
      merchantName: partner.name,
      origin: payload.origin,
      orderId: payload.orderId,
      label: payload.label,
      amount: { amount: payload.amount, currency: payload.currency },
      items: payload.items ?? [],
      mode: payload.mode,
      expiresAt: new Date(payload.exp * 1000).toISOString(),
    },
  };
}

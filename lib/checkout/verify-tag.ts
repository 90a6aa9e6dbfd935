import type { JWK } from 'jose';
import type { CheckoutView } from '../../protocol/checkout';
import type { CheckoutTagPayload } from '../../protocol/checkout-tag';
import { verifyCheckoutTag, type TagSigner } from '../../protocol/verify-checkout-tag';
import type { Partner } from '../../protocol/wallet';

/** A checkout tag a page offered, verified: what the sheet shows, and what it was signed with. */
export interface OfferedCheckout {
  view: CheckoutView;
  payload: CheckoutTagPayload;
}

/** Finds the partner that owns a key id, in the cached directory. */
type PartnerLookup = (kid: string) => Promise<Partner | undefined>;

function signerOf(partner: Partner | undefined, kid: string): TagSigner | undefined {
  const jwk = partner?.keys.find((key) => key.kid === kid);
  return (
    partner &&
    jwk && { merchantId: partner.merchantId, merchantName: partner.name, origins: partner.origins, jwk: jwk as JWK }
  );
}

/**
 * The extension's side of the shared tag check (protocol/verify-checkout-tag.ts), before anything is
 * shown: keys from the cached partner directory, and the page's own origin must be the tag's. The
 * merchant name comes from the directory, never from the page. Refusals throw `CheckoutTagRefused`.
 */
export async function verifyOfferedTag(
  tag: string,
  pageOrigin: string,
  findPartner: PartnerLookup,
  now: Date,
): Promise<OfferedCheckout> {
  const { payload, signer } = await verifyCheckoutTag(tag, {
    findSigner: async (kid) => signerOf(await findPartner(kid), kid),
    now,
    pageOrigin,
  });
  return {
    payload,
    view: {
      merchantId: signer.merchantId,
      merchantName: signer.merchantName,
      origin: payload.origin,
      orderId: payload.orderId,
      label: payload.label,
      amount: { amount: payload.amount, currency: payload.currency },
      items: payload.items ?? [],
      mode: payload.mode,
      ...(payload.agreement && { agreement: payload.agreement }),
      ...(payload.share && { share: payload.share }),
      expiresAt: new Date(payload.exp * 1000).toISOString(),
    },
  };
}

import { sql } from 'kysely';
import type { JWK } from 'jose';
import type { CheckoutTagPayload } from '../../protocol/checkout-tag';
import { CheckoutTagRefused, verifyCheckoutTag, type TagSigner } from '../../protocol/verify-checkout-tag';
import { es256SignatureCheck } from '../crypto/es256';
import type { DB } from '../db/connect';
import { verifiedOriginsSql } from '../merchants/origins';
import { tagRefused } from '../refusals';

export interface TagToPay {
  payload: CheckoutTagPayload;
  merchant: { id: string; name: string; webhook_url: string };
}

export type MerchantSigner = TagSigner & { webhookUrl: string };

/**
 * The platform's side of the shared tag check (protocol/verify-checkout-tag.ts): keys come from the
 * database, refusals leave as 422 problems. The `jti` is consumed later, in the payment's transaction.
 * `known` is the signer of the tag's key id where the caller has already read it (a payment reads it
 * with the wallet's side of the price: platform/payments/payment-reads.ts).
 */
export async function verifyTagToPay(
  db: DB,
  tag: string,
  now: Date,
  known?: { signer: MerchantSigner | undefined },
): Promise<TagToPay> {
  // One query: the key, its merchant, and the origins the merchant has verified.
  const lookUp = async (kid: string): Promise<MerchantSigner | undefined> => {
    const key = await db
      .selectFrom('merchant_keys')
      .innerJoin('merchants', 'merchants.id', 'merchant_keys.merchant_id')
      .select(['merchant_keys.public_jwk', 'merchants.id', 'merchants.name', 'merchants.webhook_url'])
      .select(verifiedOriginsSql(sql.ref('merchants.id')).as('origins'))
      .where('merchant_keys.kid', '=', kid)
      .executeTakeFirst();
    if (!key) return undefined;
    return {
      merchantId: key.id,
      merchantName: key.name,
      origins: key.origins,
      jwk: key.public_jwk as JWK,
      webhookUrl: key.webhook_url,
    };
  };
  const findSigner = known ? async () => known.signer : lookUp;
  try {
    const { payload, signer } = await verifyCheckoutTag(tag, { findSigner, now, checkSignature: es256SignatureCheck });
    return { payload, merchant: { id: signer.merchantId, name: signer.merchantName, webhook_url: signer.webhookUrl } };
  } catch (error) {
    if (error instanceof CheckoutTagRefused) throw tagRefused(error);
    throw error;
  }
}

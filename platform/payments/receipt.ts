import type { Platform } from '../context';
import type { Price } from '../../protocol/pricing';
import { signEs256 } from '../crypto/es256';

/** The receipt JWT a merchant verifies with the platform's JWKS: what was paid, for which order, to whom. */
export async function signReceipt(
  p: Platform,
  payment: { id: string; orderId: string; merchantId: string; createdAt: Date },
  price: Price,
): Promise<string> {
  const signing = await p.signingKey();
  const claims = {
    paymentId: payment.id,
    orderId: payment.orderId,
    amount: price.amount,
    discount: price.discount,
    paid: price.paid,
    currency: price.currency,
    status: 'succeeded',
    iss: p.config.publicUrl,
    aud: payment.merchantId,
    sub: payment.id,
    iat: Math.floor(payment.createdAt.getTime() / 1000),
  };
  return signEs256({ kid: signing.kid, typ: 'pouch-receipt+jwt' }, claims, signing.privateKey);
}

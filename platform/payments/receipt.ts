import { SignJWT } from 'jose';
import type { Platform } from '../context';
import type { Price } from '../../protocol/pricing';

/** The receipt JWT a merchant verifies with the platform's JWKS: what was paid, for which order, to whom. */
export async function signReceipt(
  p: Platform,
  payment: { id: string; orderId: string; merchantId: string; createdAt: Date },
  price: Price,
): Promise<string> {
  const signing = await p.signingKey();
  return new SignJWT({
    paymentId: payment.id,
    orderId: payment.orderId,
    amount: price.amount,
    discount: price.discount,
    paid: price.paid,
    currency: price.currency,
    status: 'succeeded',
  })
    .setProtectedHeader({ alg: 'ES256', kid: signing.kid, typ: 'pouch-receipt+jwt' })
    .setIssuer(p.config.publicUrl)
    .setAudience(payment.merchantId)
    .setSubject(payment.id)
    .setIssuedAt(Math.floor(payment.createdAt.getTime() / 1000))
    .sign(signing.privateKey);
}

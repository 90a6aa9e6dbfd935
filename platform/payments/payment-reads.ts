import { decodeJwt, decodeProtectedHeader, type JWK } from 'jose';
import { sql } from 'kysely';
import type { DB } from '../db/connect';
import { verifiedOriginsSql } from '../merchants/origins';
import { freeSpentTodaySql } from '../wallets/pin';
import type { MerchantSigner } from './checkout-tag';

/** The wallet's side of a payment's price: its limits, what it spent password-free today, the tag's state. */
export interface WalletSide {
  /** The tag values the reads were made for: a payment uses them only for a tag with these same values. */
  merchantId: string;
  jti: string;
  orderId: string;
  passwordFreeLimit: number;
  limitCurrency: string;
  dailyFreeTotal: number;
  spentToday: number;
  tagUsed: boolean;
  orderPaid: boolean;
  pointsPerUnit: number;
}

/** The tag's key id, jti and order id, read before its signature is checked (see `paymentReads`). */
function peek(tag: string): { kid: string; jti: string; orderId: string } | null {
  try {
    const { kid } = decodeProtectedHeader(tag);
    const { jti, orderId } = decodeJwt(tag);
    return typeof kid === 'string' && typeof jti === 'string' && typeof orderId === 'string'
      ? { kid, jti, orderId }
      : null;
  } catch {
    return null;
  }
}

/**
 * What a payment reads before it writes, in one query (one round trip, not two): the signer of the
 * tag's key id, with its merchant and the origins it verified, and the wallet's side of the price.
 * The key id, jti and order id come from the tag before its signature is checked; the caller uses what
 * they found only for a tag whose signature holds and whose values are these (the same bytes). Null
 * when the tag cannot even be read: the full check then refuses it.
 */
export async function paymentReads(
  db: DB,
  walletId: string,
  tag: string,
  now: Date,
): Promise<{ signer: MerchantSigner | undefined; wallet: WalletSide | undefined } | null> {
  const read = peek(tag);
  if (!read) return null;
  const row = await db
    .selectFrom('wallets')
    .leftJoin('merchant_keys', (join) => join.on('merchant_keys.kid', '=', read.kid))
    .leftJoin('merchants', 'merchants.id', 'merchant_keys.merchant_id')
    .select(['password_free_limit', 'limit_currency', 'daily_free_total'])
    .select(['merchant_keys.public_jwk', 'merchants.id as merchant_id', 'merchants.name', 'merchants.webhook_url'])
    .select((eb) => [
      verifiedOriginsSql(sql.ref('merchants.id')).as('origins'),
      eb
        .exists(
          eb.selectFrom('used_tags').whereRef('used_tags.merchant_id', '=', 'merchants.id').where('jti', '=', read.jti),
        )
        .as('tag_used'),
      eb
        .exists(
          eb
            .selectFrom('payments')
            .whereRef('payments.merchant_id', '=', 'merchants.id')
            .where('order_id', '=', read.orderId)
            .where('status', '<>', 'refunded'),
        )
        .as('order_paid'),
      freeSpentTodaySql(walletId, sql.ref('wallets.limit_currency'), now).as('spent_today'),
      sql<number>`coalesce((SELECT points_per_unit FROM points_programs WHERE merchant_id = merchants.id), 0)`.as(
        'points_per_unit',
      ),
    ])
    .where('wallets.id', '=', walletId)
    .executeTakeFirst();
  if (!row) return null;
  if (!row.merchant_id) return { signer: undefined, wallet: undefined };
  return {
    signer: {
      merchantId: row.merchant_id,
      merchantName: row.name!,
      origins: row.origins,
      jwk: row.public_jwk as JWK,
      webhookUrl: row.webhook_url!,
    },
    wallet: {
      merchantId: row.merchant_id,
      jti: read.jti,
      orderId: read.orderId,
      passwordFreeLimit: row.password_free_limit,
      limitCurrency: row.limit_currency,
      dailyFreeTotal: row.daily_free_total,
      spentToday: Number(row.spent_today),
      tagUsed: Boolean(row.tag_used),
      orderPaid: Boolean(row.order_paid),
      pointsPerUnit: Number(row.points_per_unit),
    },
  };
}

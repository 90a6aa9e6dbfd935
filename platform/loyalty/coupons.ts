import { sql, type Selectable } from 'kysely';
import type { z } from 'zod';
import type { CouponCampaignBodySchema } from '../../protocol/api';
import { discountFor } from '../../protocol/coupons';
import type { Coupon } from '../../protocol/wallet';
import type { Platform } from '../context';
import type { DB, Tx } from '../db/connect';
import type { CouponCampaignsTable } from '../db/schema';
import { newId } from '../ids';
import {
  campaignNotFound,
  campaignNotRunning,
  campaignSoldOut,
  couponForAnotherShop,
  couponLimitReached,
  couponNotAvailable,
  couponNotForThisOrder,
  couponNotFound,
} from '../refusals';

type CampaignRow = Selectable<CouponCampaignsTable> & { merchant_name: string };

const campaignView = (row: CampaignRow) => ({
  id: row.id,
  merchantId: row.merchant_id,
  merchantName: row.merchant_name,
  title: row.title,
  kind: row.kind,
  value: row.value,
  ...(row.cap !== null && { cap: row.cap }),
  minSpend: row.min_spend,
  currency: row.currency,
  validFrom: row.valid_from.toISOString(),
  validUntil: row.valid_until.toISOString(),
  quantity: row.quantity,
  remaining: row.quantity - row.claimed,
  perUserLimit: row.per_user_limit,
});

const campaigns = (db: DB | Tx) =>
  db
    .selectFrom('coupon_campaigns')
    .innerJoin('merchants', 'merchants.id', 'coupon_campaigns.merchant_id')
    .selectAll('coupon_campaigns')
    .select('merchants.name as merchant_name');

export async function createCampaign(p: Platform, merchantId: string, body: z.infer<typeof CouponCampaignBodySchema>) {
  const id = newId('cmp');
  await p.db
    .insertInto('coupon_campaigns')
    .values({
      id,
      merchant_id: merchantId,
      title: body.title,
      kind: body.kind,
      value: body.value,
      cap: body.cap ?? null,
      min_spend: body.minSpend,
      currency: body.currency,
      valid_from: body.validFrom ? new Date(body.validFrom) : p.now(),
      valid_until: new Date(body.validUntil),
      quantity: body.quantity,
      per_user_limit: body.perUserLimit,
    })
    .execute();
  return campaignView(await campaigns(p.db).where('coupon_campaigns.id', '=', id).executeTakeFirstOrThrow());
}

export async function merchantCampaigns(db: DB, merchantId: string) {
  const rows = await campaigns(db)
    .where('coupon_campaigns.merchant_id', '=', merchantId)
    .orderBy('coupon_campaigns.created_at', 'desc')
    .execute();
  return { items: rows.map(campaignView) };
}

/** Offers: every campaign running now with coupons left, optionally one merchant's. */
export async function currentOffers(p: Platform, merchantId?: string) {
  let query = campaigns(p.db)
    .where('coupon_campaigns.valid_from', '<=', p.now())
    .where('coupon_campaigns.valid_until', '>', p.now())
    .where(sql<boolean>`coupon_campaigns.claimed < coupon_campaigns.quantity`);
  if (merchantId) query = query.where('coupon_campaigns.merchant_id', '=', merchantId);
  const rows = await query.orderBy('coupon_campaigns.valid_until').limit(200).execute();
  return { items: rows.map(campaignView) };
}

function couponView(row: CampaignRow & { coupon_id: string; status: 'available' | 'used' }, now: Date): Coupon {
  return {
    id: row.coupon_id,
    campaignId: row.id,
    merchantId: row.merchant_id,
    merchantName: row.merchant_name,
    title: row.title,
    kind: row.kind,
    currency: row.currency,
    value: row.value,
    ...(row.cap !== null && { cap: row.cap }),
    minSpend: row.min_spend,
    expiresAt: row.valid_until.toISOString(),
    status: row.status === 'used' ? 'used' : row.valid_until <= now ? 'expired' : 'available',
  };
}

const walletCoupons = (db: DB | Tx, walletId: string) =>
  campaigns(db)
    .innerJoin('wallet_coupons', 'wallet_coupons.campaign_id', 'coupon_campaigns.id')
    .select(['wallet_coupons.id as coupon_id', 'wallet_coupons.status'])
    .where('wallet_coupons.wallet_id', '=', walletId);

export async function listWalletCoupons(p: Platform, walletId: string) {
  const rows = await walletCoupons(p.db, walletId).orderBy('coupon_campaigns.valid_until').execute();
  return { items: rows.map((row) => couponView(row, p.now())) };
}

/**
 * Claims one coupon of a campaign. The campaign row is locked, so the quantity is never exceeded and
 * one wallet never holds more than the per-user limit, however many claims race.
 */
export async function claimCoupon(p: Platform, walletId: string, campaignId: string): Promise<Coupon> {
  return p.db.transaction().execute(async (tx) => {
    const campaign = await tx
      .selectFrom('coupon_campaigns')
      .selectAll()
      .where('id', '=', campaignId)
      .forUpdate()
      .executeTakeFirst();
    if (!campaign) throw campaignNotFound();
    if (campaign.valid_from > p.now() || campaign.valid_until <= p.now()) throw campaignNotRunning();
    if (campaign.claimed >= campaign.quantity) throw campaignSoldOut();
    const held = await tx
      .selectFrom('wallet_coupons')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('wallet_id', '=', walletId)
      .where('campaign_id', '=', campaignId)
      .executeTakeFirstOrThrow();
    if (Number(held.n) >= campaign.per_user_limit) throw couponLimitReached(campaign.per_user_limit);
    const id = newId('cpn');
    await tx
      .insertInto('wallet_coupons')
      .values({ id, campaign_id: campaignId, wallet_id: walletId, status: 'available', used_payment_id: null })
      .execute();
    await tx
      .updateTable('coupon_campaigns')
      .set((eb) => ({ claimed: eb('claimed', '+', 1) }))
      .where('id', '=', campaignId)
      .execute();
    return couponView(
      await walletCoupons(tx, walletId).where('wallet_coupons.id', '=', id).executeTakeFirstOrThrow(),
      p.now(),
    );
  });
}

/** Checks a coupon for a payment and says what it saves; the payment's transaction then redeems it. */
export async function couponSaving(
  p: Platform,
  walletId: string,
  couponId: string,
  merchantId: string,
  order: { amount: number; currency: string },
): Promise<number> {
  const row = await walletCoupons(p.db, walletId).where('wallet_coupons.id', '=', couponId).executeTakeFirst();
  if (!row) throw couponNotFound();
  const coupon = couponView(row, p.now());
  if (coupon.merchantId !== merchantId) throw couponForAnotherShop();
  if (coupon.status !== 'available') throw couponNotAvailable(coupon.status);
  const discount = discountFor(coupon, order);
  if (discount === 0) throw couponNotForThisOrder();
  return discount;
}

/** A full refund before the coupon expires gives it back. */
export async function returnCoupon(tx: Tx, couponId: string, now: Date): Promise<void> {
  await tx
    .updateTable('wallet_coupons')
    .set({ status: 'available', used_payment_id: null })
    .where('id', '=', couponId)
    .where('campaign_id', 'in', (eb) => eb.selectFrom('coupon_campaigns').select('id').where('valid_until', '>', now))
    .execute();
}

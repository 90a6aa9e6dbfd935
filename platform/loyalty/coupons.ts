import { sql, type Selectable } from 'kysely';
import type { z } from 'zod';
import type { CouponCampaignBodySchema, CouponCampaignView } from '../../protocol/api';
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

type CampaignState = CouponCampaignView['state'];

/** Whether shoppers can claim the campaign at `now`, and if not, why. */
function campaignState(row: CampaignRow, now: Date): CampaignState {
  if (row.ended_at) return 'ended';
  if (row.valid_until <= now) return 'expired';
  if (row.paused_at) return 'paused';
  if (row.valid_from > now) return 'scheduled';
  return row.claimed >= row.quantity ? 'sold_out' : 'running';
}

const campaignView = (row: CampaignRow, now: Date) => ({
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
  state: campaignState(row, now),
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
  return campaignView(await campaigns(p.db).where('coupon_campaigns.id', '=', id).executeTakeFirstOrThrow(), p.now());
}

/** The merchant's campaigns, newest first, each with how many coupons were claimed and used. */
export async function merchantCampaigns(db: DB, merchantId: string, now: Date) {
  const rows = await campaigns(db)
    .select((eb) =>
      eb
        .selectFrom('wallet_coupons')
        .select((count) => count.fn.countAll<string>().as('n'))
        .whereRef('wallet_coupons.campaign_id', '=', 'coupon_campaigns.id')
        .where('wallet_coupons.status', '=', 'used')
        .as('redeemed'),
    )
    .where('coupon_campaigns.merchant_id', '=', merchantId)
    .orderBy('coupon_campaigns.created_at', 'desc')
    .execute();
  return {
    items: rows.map((row) => ({
      ...campaignView(row, now),
      claimedCount: row.claimed,
      redeemedCount: Number(row.redeemed ?? 0),
    })),
  };
}

/**
 * The shop pauses a campaign (no new claims until it resumes), resumes it, or ends it (no new claims
 * again). Coupons already claimed stay usable until their date. Repeating a step changes nothing; an
 * ended campaign takes no other step.
 */
export async function changeCampaign(p: Platform, merchantId: string, id: string, step: 'pause' | 'resume' | 'end') {
  return p.db.transaction().execute(async (tx) => {
    const row = await campaigns(tx)
      .where('coupon_campaigns.id', '=', id)
      .where('coupon_campaigns.merchant_id', '=', merchantId)
      .forUpdate('coupon_campaigns')
      .executeTakeFirst();
    if (!row) throw campaignNotFound();
    if (row.ended_at && step !== 'end') throw campaignNotRunning();
    const now = p.now();
    const change = {
      pause: { paused_at: row.paused_at ?? now },
      resume: { paused_at: null },
      end: { ended_at: row.ended_at ?? now, paused_at: null },
    }[step];
    const updated = await tx
      .updateTable('coupon_campaigns')
      .set(change)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return campaignView({ ...updated, merchant_name: row.merchant_name }, now);
  });
}

/** Offers: every campaign running now with coupons left, optionally one merchant's. */
export async function currentOffers(p: Platform, merchantId?: string) {
  // Offers tolerate a replica's lag: claiming one (claimCoupon) checks it again on the primary.
  let query = campaigns(p.replica)
    .where('coupon_campaigns.valid_from', '<=', p.now())
    .where('coupon_campaigns.valid_until', '>', p.now())
    .where('coupon_campaigns.paused_at', 'is', null)
    .where('coupon_campaigns.ended_at', 'is', null)
    .where(sql<boolean>`coupon_campaigns.claimed < coupon_campaigns.quantity`);
  if (merchantId) query = query.where('coupon_campaigns.merchant_id', '=', merchantId);
  const rows = await query.orderBy('coupon_campaigns.valid_until').limit(200).execute();
  return { items: rows.map((row) => campaignView(row, p.now())) };
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
    const stopped = campaign.paused_at !== null || campaign.ended_at !== null;
    if (stopped || campaign.valid_from > p.now() || campaign.valid_until <= p.now()) throw campaignNotRunning();
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

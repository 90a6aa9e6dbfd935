import { z } from 'zod';
import {
  ClaimBodySchema,
  CouponCampaignBodySchema,
  CouponCampaignListSchema,
  CouponCampaignViewSchema,
  InboxListSchema,
  MerchantMessageBodySchema,
  PointsProgramBodySchema,
  SubscriptionBodySchema,
  SubscriptionListSchema,
  WalletCouponListSchema,
} from '../../protocol/api';
import { CouponSchema } from '../../protocol/wallet';
import {
  changeCampaign,
  claimCoupon,
  createCampaign,
  currentOffers,
  listWalletCoupons,
  merchantCampaigns,
} from '../loyalty/coupons';
import { walletMessages } from '../payments/order-messages';
import { postMessage, subscribe, subscriptions, unsubscribe } from '../loyalty/news';
import { setPointsProgram } from '../loyalty/points';
import { campaignNotFound, campaignNotRunning, campaignSoldOut, couponLimitReached } from '../refusals';
import { IdParamSchema, MerchantParamSchema, operation, router } from './define';

const OffersQuery = z.object({ merchantId: z.string().min(1).max(100).optional() });

const app = router();

operation(
  app,
  {
    method: 'post',
    path: '/v1/merchant/coupon-campaigns',
    summary: 'Start a coupon campaign',
    tag: 'Coupons, points and news',
    auth: 'merchant',
    body: CouponCampaignBodySchema,
    reply: CouponCampaignViewSchema,
    status: 201,
  },
  async (c, { body }) => c.json(await createCampaign(c.var.platform, c.var.merchantId, body), 201),
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/merchant/coupon-campaigns',
    summary: "The merchant's coupon campaigns",
    tag: 'Coupons, points and news',
    auth: 'merchant',
    reply: CouponCampaignListSchema,
  },
  async (c) => c.json(await merchantCampaigns(c.var.platform.db, c.var.merchantId, c.var.platform.now())),
);

const CAMPAIGN_STEPS = {
  pause: 'Pause a coupon campaign: no new claims until it resumes (claimed coupons stay usable)',
  resume: 'Resume a paused coupon campaign',
  end: 'End a coupon campaign: no new claims, ever (claimed coupons stay usable until their date)',
} as const;

for (const [step, summary] of Object.entries(CAMPAIGN_STEPS) as [keyof typeof CAMPAIGN_STEPS, string][]) {
  operation(
    app,
    {
      method: 'post',
      path: `/v1/merchant/coupon-campaigns/{id}/${step}`,
      summary,
      tag: 'Coupons, points and news',
      auth: 'merchant',
      params: IdParamSchema,
      reply: CouponCampaignViewSchema,
      refusals: [campaignNotFound(), campaignNotRunning()],
    },
    async (c, { params }) => c.json(await changeCampaign(c.var.platform, c.var.merchantId, params.id, step)),
  );
}

operation(
  app,
  {
    method: 'put',
    path: '/v1/merchant/points-program',
    summary: 'Set the points earned per currency unit paid',
    tag: 'Coupons, points and news',
    auth: 'merchant',
    body: PointsProgramBodySchema,
    reply: PointsProgramBodySchema,
  },
  async (c, { body }) => c.json(await setPointsProgram(c.var.platform.db, c.var.merchantId, body)),
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/merchant/messages',
    summary: 'Send news to subscribers (10 an hour)',
    tag: 'Coupons, points and news',
    auth: 'merchant',
    body: MerchantMessageBodySchema,
    reply: z.object({ id: z.string(), createdAt: z.string(), subscribers: z.number().int() }),
    status: 201,
  },
  async (c, { body }) => c.json(await postMessage(c.var.platform, c.var.merchantId, body), 201),
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/offers',
    summary: 'Running offers, of all partners or one',
    tag: 'Extension · Loyalty',
    query: OffersQuery,
    reply: CouponCampaignListSchema,
  },
  async (c, { query }) => c.json(await currentOffers(c.var.platform, query.merchantId)),
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/wallet/coupons',
    summary: 'Claim a coupon from an offer',
    tag: 'Extension · Loyalty',
    auth: 'wallet',
    body: ClaimBodySchema,
    reply: CouponSchema,
    status: 201,
    refusals: [campaignNotFound(), campaignNotRunning(), campaignSoldOut(), couponLimitReached(1)],
  },
  async (c, { body }) => c.json(await claimCoupon(c.var.platform, c.var.walletId, body.campaignId), 201),
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/wallet/coupons',
    summary: "The wallet's coupons, soonest expiry first",
    tag: 'Extension · Loyalty',
    auth: 'wallet',
    reply: WalletCouponListSchema,
  },
  async (c) => c.json(await listWalletCoupons(c.var.platform, c.var.walletId)),
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/wallet/subscriptions',
    summary: 'Shops whose news the wallet receives',
    tag: 'Extension · Loyalty',
    auth: 'wallet',
    reply: SubscriptionListSchema,
  },
  async (c) => c.json(await subscriptions(c.var.platform.db, c.var.walletId)),
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/wallet/subscriptions',
    summary: "Receive a shop's news",
    tag: 'Extension · Loyalty',
    auth: 'wallet',
    body: SubscriptionBodySchema,
    reply: SubscriptionListSchema,
    status: 201,
  },
  async (c, { body }) => c.json(await subscribe(c.var.platform.db, c.var.walletId, body.merchantId), 201),
);

operation(
  app,
  {
    method: 'delete',
    path: '/v1/wallet/subscriptions/{merchantId}',
    summary: "Stop a shop's news",
    tag: 'Extension · Loyalty',
    auth: 'wallet',
    params: MerchantParamSchema,
    reply: SubscriptionListSchema,
  },
  async (c, { params }) => c.json(await unsubscribe(c.var.platform.db, c.var.walletId, params.merchantId)),
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/wallet/messages',
    summary: "News from subscribed shops and shops' answers about the wallet's orders, newest first",
    tag: 'Extension · Loyalty',
    auth: 'wallet',
    reply: InboxListSchema,
  },
  async (c) => c.json(await walletMessages(c.var.platform.db, c.var.walletId)),
);

export default app;

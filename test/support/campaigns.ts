import type { TestMerchant } from './wallet-client';

const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString();

/** Starts a coupon campaign of `merchant` — ¥20 off ¥100, 100 coupons, for a month — as `body` changes it. */
export function startCampaign(merchant: TestMerchant, body: Record<string, unknown> = {}) {
  return merchant.call('POST', '/v1/merchant/coupon-campaigns', {
    title: '¥20 off ¥100',
    kind: 'threshold',
    value: 2_000,
    minSpend: 10_000,
    currency: 'CNY',
    validUntil: inAMonth(),
    quantity: 100,
    ...body,
  });
}

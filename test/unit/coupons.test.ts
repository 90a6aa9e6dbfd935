import { describe, expect, it } from 'vitest';
import { bestCoupon, discountFor, type CouponTerms } from '../../protocol/coupons';

const now = new Date('2026-11-24T12:00:00Z');
const coupon = (id: string, terms: Partial<CouponTerms>): CouponTerms => ({
  id,
  kind: 'amount_off',
  value: 1_000,
  minSpend: 0,
  currency: 'CNY',
  expiresAt: '2026-12-31T00:00:00Z',
  ...terms,
});
const cny = (amount: number) => ({ amount, currency: 'CNY' });

describe('discountFor', () => {
  it.each([
    ['¥10 off', coupon('a', {}), 12_800, 1_000],
    ['¥10 off a ¥5 order leaves one fen to pay', coupon('a', {}), 500, 499],
    ['spend ¥100 save ¥20, at ¥128', coupon('a', { kind: 'threshold', value: 2_000, minSpend: 10_000 }), 12_800, 2_000],
    ['spend ¥100 save ¥20, at ¥99.99', coupon('a', { kind: 'threshold', value: 2_000, minSpend: 10_000 }), 9_999, 0],
    ['15% off ¥128', coupon('a', { kind: 'percent_off', value: 15 }), 12_800, 1_920],
    ['15% off ¥1.01 rounds down', coupon('a', { kind: 'percent_off', value: 15 }), 101, 15],
    ['15% off capped at ¥10', coupon('a', { kind: 'percent_off', value: 15, cap: 1_000 }), 12_800, 1_000],
    ['another currency', coupon('a', { currency: 'USD' }), 12_800, 0],
  ])('%s', (_, terms, amount, expected) => {
    expect(discountFor(terms, cny(amount))).toBe(expected);
  });
});

describe('bestCoupon: largest saving, then soonest expiry, then id', () => {
  it.each([
    ['the largest saving wins', [coupon('a', { value: 500 }), coupon('b', { value: 800 })], 10_000, 'b'],
    [
      'percent beats fixed when it saves more',
      [coupon('a', { value: 1_000 }), coupon('b', { kind: 'percent_off', value: 20 })],
      10_000,
      'b',
    ],
    [
      'a threshold not reached is skipped',
      [coupon('a', { kind: 'threshold', value: 5_000, minSpend: 20_000 }), coupon('b', { value: 100 })],
      10_000,
      'b',
    ],
    [
      'on a tie the one expiring soonest',
      [coupon('a', { expiresAt: '2026-12-30T00:00:00Z' }), coupon('b', { expiresAt: '2026-12-01T00:00:00Z' })],
      10_000,
      'b',
    ],
    ['on a full tie the smaller id', [coupon('b', {}), coupon('a', {})], 10_000, 'a'],
    [
      'an expired coupon is never chosen',
      [coupon('a', { value: 5_000, expiresAt: '2026-11-24T11:59:59Z' }), coupon('b', { value: 100 })],
      10_000,
      'b',
    ],
    [
      'a capped percent loses to a bigger fixed',
      [coupon('a', { kind: 'percent_off', value: 50, cap: 1_000 }), coupon('b', { value: 1_500 })],
      10_000,
      'b',
    ],
  ])('%s', (_, coupons, amount, expected) => {
    expect(bestCoupon(coupons, cny(amount), now)?.coupon.id).toBe(expected);
  });

  it('chooses nothing when nothing saves', () => {
    expect(bestCoupon([coupon('a', { currency: 'USD' })], cny(100), now)).toBeNull();
    expect(bestCoupon([], cny(100), now)).toBeNull();
  });
});

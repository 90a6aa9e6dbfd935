import { describe, expect, it } from 'vitest';
import { price } from '../../protocol/pricing';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const LIMIT = cny(20_000);

describe('pricing a payment', () => {
  it.each([
    // amount, coupon, points, paid, PIN?
    [12_800, 0, 0, 12_800, false],
    [20_000, 0, 0, 20_000, false],
    [20_001, 0, 0, 20_001, true],
    // The limit applies to what is paid, after the coupon and the points.
    [25_000, 3_000, 2_000, 20_000, false],
    [25_000, 3_000, 1_999, 20_001, true],
  ])('%i less coupon %i and points %i pays %i, PIN %s', (amount, coupon, points, paid, pin) => {
    const quoted = price(cny(amount), { coupon, points }, LIMIT);
    expect(quoted).toMatchObject({ paid, discount: coupon + points, pinRequired: pin });
  });

  it('always asks for the PIN in another currency than the limit’s', () => {
    expect(price({ amount: 100, currency: 'USD' }, { coupon: 0, points: 0 }, LIMIT).pinRequired).toBe(true);
  });

  it('refuses, as a broken invariant, savings that leave nothing to pay', () => {
    expect(() => price(cny(1_000), { coupon: 600, points: 400 }, LIMIT)).toThrow(/invariant/);
  });
});

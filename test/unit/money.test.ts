import { describe, expect, it } from 'vitest';
import { MoneySchema } from '../../protocol/money';
import { currencyExponent, formatMoney, parseMajorUnits } from '../../protocol/money-format';

describe('money', () => {
  it.each([
    ['CNY', 2],
    ['USD', 2],
    ['JPY', 0],
    ['KWD', 3],
  ])('knows the exponent of %s is %i', (currency, exponent) => {
    expect(currencyExponent(currency)).toBe(exponent);
  });

  it("formats minor units in the reader's locale, CNY as ¥ in every language and nothing else as ¥", () => {
    expect(formatMoney({ amount: 12800, currency: 'CNY' }, 'zh-CN')).toBe('¥128.00');
    expect(formatMoney({ amount: 12800, currency: 'CNY' }, 'en-US')).toBe('¥128.00');
    expect(formatMoney({ amount: 1500, currency: 'JPY' }, 'en-US')).toBe('JPY\u00a01,500');
    expect(formatMoney({ amount: 1500, currency: 'USD' }, 'en-US')).toBe('$15.00');
    expect(formatMoney({ amount: 1234, currency: 'KWD' }, 'en-US')).toBe('KWD\u00a01.234');
  });

  it('parses what a person types without floating point', () => {
    expect(parseMajorUnits('128', 'CNY')).toBe(12800);
    expect(parseMajorUnits('0.1', 'CNY')).toBe(10);
    expect(parseMajorUnits('19.99', 'CNY')).toBe(1999);
    expect(parseMajorUnits('1500', 'JPY')).toBe(1500);
    expect(parseMajorUnits('1.5', 'JPY')).toBeNull();
    expect(parseMajorUnits('1.234', 'CNY')).toBeNull();
    expect(parseMajorUnits('-1', 'CNY')).toBeNull();
    expect(parseMajorUnits('abc', 'CNY')).toBeNull();
  });

  it('refuses floats, negatives and unknown currencies, naming the field', () => {
    const float = MoneySchema.safeParse({ amount: 1.5, currency: 'CNY' });
    expect(float.success).toBe(false);
    expect(float.error?.issues[0]).toMatchObject({
      path: ['amount'],
      message: 'expected an integer count of minor units',
    });
    const negative = MoneySchema.safeParse({ amount: -1, currency: 'CNY' });
    expect(negative.error?.issues[0]).toMatchObject({ path: ['amount'] });
    const unknown = MoneySchema.safeParse({ amount: 1, currency: 'XYZ' });
    expect(unknown.error?.issues[0]).toMatchObject({
      path: ['currency'],
      message: 'expected a known ISO 4217 currency',
    });
    const lower = MoneySchema.safeParse({ amount: 1, currency: 'cny' });
    expect(lower.error?.issues[0]?.path).toEqual(['currency']);
  });
});

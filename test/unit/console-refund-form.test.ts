import { describe, expect, it } from 'vitest';
import type { PaymentView } from '../../protocol/api';
import { FormInput } from '../../platform/console/form';
import { paid, readRefund, refundable, refundRefusal } from '../../platform/console/refund-form';
import { alreadyRefunded, refundExceedsPayment } from '../../platform/refusals';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
/** ¥128 less a ¥10 coupon, ¥20 already refunded: ¥98 left. */
const payment: PaymentView = {
  id: 'pay_1',
  merchantId: 'm_1',
  merchantName: 'Shop',
  orderId: 'order-1',
  label: 'Thing',
  amount: cny(12_800),
  discount: cny(1_000),
  refunded: cny(2_000),
  pointsEarned: 0,
  pointsRedeemed: 0,
  pointsDiscount: cny(0),
  status: 'partially_refunded',
  funding: 'balance',
  createdAt: '2026-12-07T09:00:00.000Z',
};

const read = (values: Record<string, string>, upTo = refundable(payment)) => {
  const form = new FormInput(values);
  return { request: readRefund(form, payment, upTo), errors: form.errors };
};

describe('a refund asked for on the console', () => {
  it('refunds nothing from an empty form, and says what it needs in money', () => {
    expect(read({})).toEqual({
      request: null,
      errors: {
        scope: 'Choose part of the payment, or all that is left (¥98.00).',
        reason: 'Say why you refund: it is kept with the refund.',
      },
    });
    expect(read({ scope: 'part', reason: 'late' }).errors).toEqual({ amount: 'Enter an amount from ¥0.01 to ¥98.00.' });
  });

  it('takes part with an amount within what is left, or all that is left as its own choice', () => {
    expect(read({ scope: 'part', amount: '12.5', reason: 'late' }).request).toEqual({
      amount: cny(1_250),
      reason: 'late',
    });
    expect(read({ scope: 'all', amount: '1', reason: 'late' }).request).toEqual({ amount: cny(9_800), reason: 'late' });
    for (const amount of ['98.01', '0', '0.00', '-1', '1.234', 'abc'])
      expect(read({ scope: 'part', amount, reason: 'late' }).errors.amount).toMatch(
        /^Enter an amount from ¥0\.01 to ¥98\.00\./,
      );
    // The confirmation is checked against what was paid; the platform checks what is left.
    expect(read({ scope: 'part', amount: '118.00', reason: 'late' }, paid(payment)).request?.amount).toEqual(
      cny(11_800),
    );
    expect(read({ scope: 'part', amount: '5', reason: 'x'.repeat(501) }).errors).toEqual({
      reason: 'Keep the reason to 500 characters.',
    });
  });

  it('words the platform’s refusals in money, on the field they concern', () => {
    expect(refundRefusal(refundExceedsPayment(4_200), 'CNY')).toEqual({ amount: 'At most ¥42.00 is left to refund.' });
    expect(refundRefusal(alreadyRefunded(), 'CNY')).toEqual({
      form: 'This payment has already been refunded in full.',
    });
    expect(() => refundRefusal(new Error('boom'), 'CNY')).toThrow('boom');
  });
});

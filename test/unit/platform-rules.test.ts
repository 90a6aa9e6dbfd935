import { describe, expect, it } from 'vitest';
import { mustBe } from '../../platform/payments/escrow';
import { refundAmount } from '../../platform/payments/refund';
import { outcomeOf, retryDelay } from '../../platform/webhooks/delivery-worker';

/** The platform's rules that need no database, each on its own. */

describe('how much a refund gives back', () => {
  const payment = { amount: 10_000, discount: 1_500, refunded_amount: 0 };

  it('gives back what the shopper paid, less coupon and points, unless the merchant says less', () => {
    expect(refundAmount(payment, undefined)).toBe(8_500);
    expect(refundAmount(payment, 2_000)).toBe(2_000);
    expect(refundAmount({ ...payment, refunded_amount: 8_000 }, undefined)).toBe(500);
  });

  it('never more than remains, and nothing from a payment refunded whole', () => {
    expect(() => refundAmount({ ...payment, refunded_amount: 8_000 }, 501)).toThrow(
      expect.objectContaining({
        code: 'refund_exceeds_payment',
        issues: [{ field: 'amount', expected: 'at most 500' }],
      }),
    );
    expect(() => refundAmount({ ...payment, refunded_amount: 8_500 }, undefined)).toThrow(
      expect.objectContaining({ code: 'already_refunded' }),
    );
  });
});

describe('the escrow steps', () => {
  it('take a payment only in the state the step needs, naming the state it is in', () => {
    expect(() => mustBe('held', 'held')).not.toThrow();
    expect(() => mustBe('refund_requested', 'refund_requested')).not.toThrow();
    expect(() => mustBe('released', 'held')).toThrow(expect.objectContaining({ code: 'escrow_released' }));
    expect(() => mustBe('refunded', 'held')).toThrow(expect.objectContaining({ code: 'escrow_refunded' }));
    expect(() => mustBe('held', 'refund_requested')).toThrow(expect.objectContaining({ code: 'no_refund_request' }));
  });
});

describe('webhook retry schedule', () => {
  it('doubles from the first retry up to the cap', () => {
    const config = { pollMs: 1_000, firstRetryMs: 30_000, maxRetryMs: 6 * 3600_000, giveUpAfterMs: 3 * 86_400_000 };
    expect([1, 2, 3, 4].map((n) => retryDelay(n, config))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelay(30, config)).toBe(6 * 3600_000);
  });

  it('marks a 2xx delivered, anything else tried again later, and gives up past the give-up time', () => {
    const config = { pollMs: 1_000, firstRetryMs: 30_000, maxRetryMs: 6 * 3600_000, giveUpAfterMs: 86_400_000 };
    const created = new Date('2026-12-07T00:00:00Z');
    const delivery = { id: 'whd_1', attempts: 2, created_at: created };
    const at = (hours: number) => created.getTime() + hours * 3600_000;
    expect(outcomeOf(delivery, { status: 204, error: null }, config, at(1))).toEqual({
      id: 'whd_1',
      status: 'succeeded',
      last_status: 204,
      last_error: null,
      retry_s: null,
    });
    expect(outcomeOf(delivery, { status: 500, error: 'HTTP 500' }, config, at(1))).toMatchObject({
      status: 'pending',
      last_error: 'HTTP 500',
      retry_s: 60,
    });
    expect(outcomeOf(delivery, { status: null, error: 'timed out' }, config, at(24))).toMatchObject({
      status: 'failed',
      last_status: null,
    });
  });
});

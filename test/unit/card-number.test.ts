import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkCardNumber, luhnCheckDigit, luhnValid } from '../../protocol/card-number';
import { sandboxCardNetwork } from '../../platform/cards/sandbox-network';

describe('card numbers', () => {
  it.each([
    ['6200000000000005', 'unionpay'],
    ['6212345678901265', 'unionpay'],
    ['4242424242424242', 'visa'],
    ['4222222222222', 'visa'],
    ['5555555555554444', 'mastercard'],
    ['2223003122003222', 'mastercard'],
    ['2720990000000007', 'mastercard'],
    ['378282246310005', 'amex'],
    ['3566002020360505', 'jcb'],
  ])('knows %s is %s', (number, brand) => {
    expect(checkCardNumber(number)).toEqual({ ok: true, brand });
  });

  it.each([
    ['4242424242424241', 'Luhn'],
    ['2721000000000004', 'UnionPay, Visa'],
    ['3782822463100052', 'expected 15 digits for amex'],
    ['12345', '12 to 19 digits'],
    ['4242-4242-4242', '12 to 19 digits'],
  ])('refuses %s, saying what was expected', (number, expected) => {
    const result = checkCardNumber(number);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.expected).toContain(expected);
  });

  it('computes check digits that pass', () => {
    expect(luhnCheckDigit('620000000000000')).toBe('5');
    expect(luhnValid(`272099000000000${luhnCheckDigit('272099000000000')}`)).toBe(true);
  });
});

describe('sandbox card network', () => {
  const network = sandboxCardNetwork({
    timeoutMs: 5,
    now: () => new Date('2026-11-24T00:00:00Z'),
    fingerprint: (number) => createHmac('sha256', 'test key').update(number).digest('base64url'),
  });
  const card = (number: string, extra = {}) => ({ number, expMonth: 12, expYear: 2030, cvc: '123', ...extra });

  it('is deterministic: the same card gives the same token, the same key the same charge', async () => {
    const a = await network.tokenize(card('4242424242424242'));
    expect(await network.tokenize(card('4242424242424242'))).toEqual(a);
    const charge = await network.charge({
      networkToken: a.networkToken,
      amount: 100,
      currency: 'CNY',
      idempotencyKey: 'k1',
    });
    expect(
      await network.charge({ networkToken: a.networkToken, amount: 100, currency: 'CNY', idempotencyKey: 'k1' }),
    ).toEqual(charge);
  });

  it('declines, runs out of funds and times out on its documented cards', async () => {
    await expect(network.tokenize(card('6200000000000013'))).rejects.toMatchObject({ reason: 'card_declined' });
    await expect(network.tokenize(card('4242424242424242', { expYear: 2026, expMonth: 10 }))).rejects.toMatchObject({
      reason: 'expired_card',
    });
    await expect(network.tokenize(card('4242424242424242', { cvc: '000' }))).rejects.toMatchObject({
      reason: 'incorrect_cvc',
    });
    const poor = await network.tokenize(card('6200000000000021'));
    await expect(network.charge({ ...poor, amount: 1, currency: 'CNY', idempotencyKey: 'p' })).rejects.toMatchObject({
      reason: 'insufficient_funds',
    });
    const slow = await network.tokenize(card('6200000000000039'));
    await expect(network.charge({ ...slow, amount: 1, currency: 'CNY', idempotencyKey: 's' })).rejects.toThrow(
      'did not answer in time',
    );
  });
});

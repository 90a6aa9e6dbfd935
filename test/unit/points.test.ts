import { describe, expect, it } from 'vitest';
import { maxRedeemablePoints, pointsFor } from '../../protocol/points';

describe('pointsFor: whole currency units times the rate', () => {
  it.each([
    [12_850, 'CNY', 2, 256],
    [99, 'CNY', 5, 0],
    [1_280, 'JPY', 1, 1_280],
    [12_850, 'CNY', 0, 0],
  ])('%i minor units of %s at %i a unit earn %i', (paid, currency, rate, expected) => {
    expect(pointsFor(paid, currency, rate)).toBe(expected);
  });
});

describe('maxRedeemablePoints: what is held, worth at most half of what is due, in whole points', () => {
  it.each([
    // balance, due, pointValue, most
    [600, 1_000, 1, 500],
    [300, 1_000, 1, 300],
    [600, 1_001, 1, 500],
    [600, 1_000, 3, 166],
    [600, 1_000, 0, 0],
    [0, 1_000, 1, 0],
    [600, 1, 1, 0],
    [600, 0, 1, 0],
  ])('holding %i with %i due at %i a point: %i', (balance, due, value, most) => {
    expect(maxRedeemablePoints(balance, due, value)).toBe(most);
  });
});

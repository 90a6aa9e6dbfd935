import { describe, expect, it } from 'vitest';
import { currentPeriod } from '../../protocol/agreements';

const at = (iso: string) => new Date(iso);
const period = (from: string, kind: 'week' | 'month' | 'year', now: string) => {
  const { start, end } = currentPeriod(at(from), kind, at(now));
  return [start.toISOString(), end.toISOString()];
};

describe('an agreement’s periods, counted from its acceptance', () => {
  it('starts a month on the same day and time, and keeps the anchor day past short months', () => {
    expect(period('2026-01-15T10:00:00Z', 'month', '2026-01-15T10:00:00Z')).toEqual([
      '2026-01-15T10:00:00.000Z',
      '2026-02-15T10:00:00.000Z',
    ]);
    expect(period('2026-01-15T10:00:00Z', 'month', '2026-03-15T09:59:59Z')).toEqual([
      '2026-02-15T10:00:00.000Z',
      '2026-03-15T10:00:00.000Z',
    ]);
    expect(period('2026-01-31T00:00:00Z', 'month', '2026-03-01T00:00:00Z')).toEqual([
      '2026-02-28T00:00:00.000Z',
      '2026-03-31T00:00:00.000Z',
    ]);
    expect(period('2027-12-31T12:00:00Z', 'month', '2028-02-29T12:00:00Z')).toEqual([
      '2028-02-29T12:00:00.000Z',
      '2028-03-31T12:00:00.000Z',
    ]);
  });

  it('counts weeks and years', () => {
    expect(period('2026-12-01T08:00:00Z', 'week', '2026-12-15T07:59:59Z')).toEqual([
      '2026-12-08T08:00:00.000Z',
      '2026-12-15T08:00:00.000Z',
    ]);
    expect(period('2024-02-29T00:00:00Z', 'year', '2026-03-01T00:00:00Z')).toEqual([
      '2026-02-28T00:00:00.000Z',
      '2027-02-28T00:00:00.000Z',
    ]);
  });

  it('has no period before the acceptance', () => {
    expect(() => currentPeriod(at('2026-02-01T00:00:00Z'), 'month', at('2026-01-01T00:00:00Z'))).toThrow('invariant');
  });
});

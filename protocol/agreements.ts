import type { AgreementPeriod } from './checkout-tag';

const WEEK_MS = 7 * 86_400_000;
const MONTHS: Record<Exclude<AgreementPeriod, 'week'>, number> = { month: 1, year: 12 };

/** `from` moved on by whole months in UTC, its day kept where the month has it (Jan 31 → Feb 28 or 29). */
function addMonths(from: Date, months: number): Date {
  const first = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(from.getUTCDate(), lastDay));
  first.setUTCHours(from.getUTCHours(), from.getUTCMinutes(), from.getUTCSeconds(), from.getUTCMilliseconds());
  return first;
}

/** The start of the `n`th period of an agreement accepted at `from`. */
function nth(from: Date, period: AgreementPeriod, n: number): Date {
  return period === 'week' ? new Date(from.getTime() + n * WEEK_MS) : addMonths(from, n * MONTHS[period]);
}

/**
 * The period of an agreement `now` falls in: periods follow each other from the moment the shopper
 * accepted (`from`), a week, a month or a year long, so the cap starts again on the same weekday or day
 * of the month. The one rule the platform charges by and the wallet shows.
 */
export function currentPeriod(from: Date, period: AgreementPeriod, now: Date): { start: Date; end: Date } {
  if (now < from) throw new Error('invariant: an agreement has no period before it was accepted');
  const elapsed =
    period === 'week'
      ? Math.floor((now.getTime() - from.getTime()) / WEEK_MS)
      : Math.floor(
          ((now.getUTCFullYear() - from.getUTCFullYear()) * 12 + now.getUTCMonth() - from.getUTCMonth()) /
            MONTHS[period],
        );
  // The month count can be one ahead (the day or hour in the month not reached yet): step back then.
  let n = elapsed;
  while (nth(from, period, n) > now) n--;
  const start = nth(from, period, n);
  const end = nth(from, period, n + 1);
  if (!(start <= now && now < end)) throw new Error('invariant: now lies inside the period found for it');
  return { start, end };
}

import { sql } from 'kysely';
import { DAY_MS } from '../../protocol/time';
import type { DB } from '../db/connect';

/** How far back the console's home looks. */
const OVERVIEW_DAYS = 30;

/** One currency's amounts per day, in minor units. */
export interface DailyAmounts {
  currency: string;
  values: number[];
}

/** A shop's last 30 days (UTC), one value per day, oldest first. */
export interface ShopOverview {
  days: string[];
  payments: number[];
  amounts: DailyAmounts[];
  couponsRedeemed: number[];
  newSubscribers: number[];
}

const dayOf = (date: Date) => date.toISOString().slice(0, 10);
const utcDay = (column: string) => sql<string>`to_char(${sql.ref(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;

/**
 * Payments (count, and what shoppers paid per currency, net of coupons and points), coupon
 * redemptions and new subscribers per day. Subscribers who left since are not counted: their row is gone.
 */
export async function shopOverview(db: DB, merchantId: string, now: Date): Promise<ShopOverview> {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const days = Array.from({ length: OVERVIEW_DAYS }, (_, i) =>
    dayOf(new Date(today - (OVERVIEW_DAYS - 1 - i) * DAY_MS)),
  );
  const since = new Date(today - (OVERVIEW_DAYS - 1) * DAY_MS);
  const [payments, subscribers] = await Promise.all([
    db
      .selectFrom('payments')
      .select((eb) => [
        utcDay('created_at').as('day'),
        'currency',
        eb.fn.countAll<number>().as('count'),
        sql<number>`sum(amount - discount)`.as('paid'),
        eb.fn.count<number>('coupon_id').as('coupons'),
      ])
      .where('merchant_id', '=', merchantId)
      .where('created_at', '>=', since)
      .groupBy([utcDay('created_at'), 'currency'])
      .execute(),
    db
      .selectFrom('subscriptions')
      .select((eb) => [utcDay('since').as('day'), eb.fn.countAll<number>().as('count')])
      .where('merchant_id', '=', merchantId)
      .where('since', '>=', since)
      .groupBy(utcDay('since'))
      .execute(),
  ]);
  // One value per day of the window; a day with no row is a zero.
  const perDay = <R extends { day: string }>(rows: R[], value: (row: R) => number) =>
    days.map((day) => rows.filter((r) => r.day === day).reduce((sum, r) => sum + Number(value(r)), 0));
  const currencies = [...new Set(payments.map((p) => p.currency))].sort();
  return {
    days,
    payments: perDay(payments, (r) => r.count),
    amounts: currencies.map((currency) => ({
      currency,
      values: perDay(
        payments.filter((p) => p.currency === currency),
        (r) => r.paid,
      ),
    })),
    couponsRedeemed: perDay(payments, (r) => r.coupons),
    newSubscribers: perDay(subscribers, (r) => r.count),
  };
}

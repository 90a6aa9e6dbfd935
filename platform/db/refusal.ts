import type { ApiError } from '../api-error';
import {
  chargeCancelled,
  couponUsed,
  InsufficientFunds,
  orderPaid,
  pinRequired,
  pointsGone,
  tagReused,
} from '../refusals';

/** The SQLSTATE the database functions raise a refusal with. */
const REFUSAL_SQLSTATE = 'RF001';

/**
 * Every refusal the SQL raises (`RAISE EXCEPTION USING ERRCODE = 'RF001', MESSAGE = code, DETAIL = …`)
 * or returns (`pay_refusal(code, detail)`, pay-checkout.sql), with the API error it becomes. A test
 * reads every `.sql` file and migration and fails on a code there that is missing here.
 */
export const SQL_REFUSALS = {
  /** A debit would take an account below zero; the detail names the account. */
  insufficient_balance: (account: string) => new InsufficientFunds(account),
  /** A password-free payment would pass the daily total, checked again under the wallet's row lock. */
  daily_total: () => pinRequired('daily_total'),
  tag_reused: () => tagReused(),
  coupon_used: () => couponUsed(),
  points_spent: () => pointsGone(),
  /** The order has a standing payment; the detail is the order's id. */
  order_paid: () => orderPaid(),
  /** A capture found its card charge voided as abandoned (migration 0018's trigger). */
  charge_not_pending: () => chargeCancelled(),
} satisfies Record<string, (detail: string) => ApiError>;

type SqlRefusalCode = keyof typeof SQL_REFUSALS;

/**
 * The API's error for a refusal a database function raised; any other error is returned as it is (a
 * bug or an outage, not a refusal to explain).
 */
export function explainRefusal(error: unknown): unknown {
  const raised = error as { code?: string; message?: string; detail?: string } | null;
  if (raised?.code !== REFUSAL_SQLSTATE) return error;
  return refusalError({ code: raised.message ?? '', detail: raised.detail ?? '' }) ?? error;
}

/** The API's error for a refusal a database function returned, or undefined for a code it does not know. */
export function refusalError(refusal: { code: string; detail: string }): ApiError | undefined {
  if (!Object.hasOwn(SQL_REFUSALS, refusal.code)) return undefined;
  return SQL_REFUSALS[refusal.code as SqlRefusalCode](refusal.detail);
}

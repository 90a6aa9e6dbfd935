import type { ApiError } from '../api-error';
import { chargeCancelled, couponUsed, InsufficientFunds, pinRequired, pointsGone, tagReused } from '../refusals';

/** The SQLSTATE the database functions raise a refusal with. */
const REFUSAL_SQLSTATE = 'RF001';

/**
 * Every refusal the SQL raises (`RAISE EXCEPTION USING ERRCODE = 'RF001', MESSAGE = code, DETAIL = …`),
 * with the API error it becomes. A test reads every `.sql` file and migration and fails on a code
 * raised there that is missing here.
 */
export const SQL_REFUSALS = {
  /** A debit would take an account below zero; the detail names the account. */
  insufficient_balance: (account: string) => new InsufficientFunds(account),
  /** A password-free payment would pass the daily total, checked again under the wallet's row lock. */
  daily_total: () => pinRequired('daily_total'),
  tag_reused: () => tagReused(),
  coupon_used: () => couponUsed(),
  points_spent: () => pointsGone(),
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
  if (raised?.code !== REFUSAL_SQLSTATE || !Object.hasOwn(SQL_REFUSALS, raised.message ?? '')) return error;
  return SQL_REFUSALS[raised.message as SqlRefusalCode](raised.detail ?? '');
}

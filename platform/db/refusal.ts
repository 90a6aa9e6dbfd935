import type { ApiError } from '../problem';

/** The SQLSTATE the database functions raise a refusal with (see platform/db/ledger-functions.ts). */
const REFUSAL = 'RF001';

/** Makers of the API's errors, by the refusal code a database function raised and its detail. */
export type RefusalMakers = Record<string, (detail: string) => ApiError>;

/**
 * The API's error for a refusal a database function raised, when `makers` knows its code; any other
 * error is returned as it is (a bug or an outage, not a refusal to explain).
 */
export function explainRefusal(error: unknown, makers: RefusalMakers): unknown {
  const raised = error as { code?: string; message?: string; detail?: string } | null;
  if (raised?.code !== REFUSAL) return error;
  const make = makers[raised.message ?? ''];
  return make ? make(raised.detail ?? '') : error;
}

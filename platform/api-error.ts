import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { FieldIssue } from '../protocol/field-issues';
import type { RefusalCode, RefusalFacts } from '../protocol/refusal-codes';

/**
 * A refusal with a status, a stable code from the catalogue (protocol/refusal-codes.ts) and, for bad
 * input, the fields at fault. Made by the factories in platform/refusals.ts, never by hand.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: RefusalCode,
    readonly detail: string,
    readonly issues?: FieldIssue[],
    readonly more: {
      /** Seconds to wait before trying again (the Retry-After header), for refusals that pass. */
      retryAfterS?: number;
      /** The figures in the words (tries left, minutes), for clients that say them in their own language. */
      facts?: RefusalFacts;
    } = {},
  ) {
    super(detail);
  }
}

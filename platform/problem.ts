import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Problem } from '../protocol/api';
import type { FieldIssue } from '../protocol/field-issues';
import { isTransientDbFault } from './db/transient';

/** A refusal with a status, a stable code and, for bad input, the fields at fault. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly detail: string,
    readonly issues?: FieldIssue[],
  ) {
    super(detail);
  }
}

/**
 * A passing fault (a lost database connection, a serialization failure, a charge voided under the
 * request): nothing was done that a retry with the same Idempotency-Key will not finish. 503 with
 * Retry-After, so clients keep their pending record and try again.
 */
export class TryAgain extends ApiError {
  constructor(
    detail = 'The platform could not finish this request just now. Send it again, with the same Idempotency-Key if it has one: it is done once.',
    readonly retryAfterS = 1,
  ) {
    super(503, 'try_again', detail);
  }
}

export const invalid = (issues: FieldIssue[], detail = 'The request has invalid fields.') =>
  new ApiError(400, 'invalid_request', detail, issues);

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  402: 'Payment failed',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  415: 'Unsupported media type',
  422: 'Unprocessable',
  423: 'Locked',
  428: 'Precondition required',
  429: 'Too many requests',
  500: 'Internal error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

export function problemBody(error: ApiError): Problem {
  return {
    type: `https://pouch.example/problems/${error.code}`,
    title: TITLES[error.status] ?? 'Error',
    status: error.status,
    detail: error.detail,
    code: error.code,
    ...(error.issues && { issues: error.issues }),
  };
}

export function problem(c: Context, error: ApiError) {
  const retryAfter = (error as { retryAfterS?: number }).retryAfterS;
  return c.json(problemBody(error), error.status, {
    'content-type': 'application/problem+json',
    ...(retryAfter !== undefined && { 'retry-after': String(retryAfter) }),
  });
}

/** Hono's onError: every failure leaves as a problem body; unexpected ones are logged and hidden. */
export function onError(error: Error, c: Context) {
  if (error instanceof ApiError) return problem(c, error);
  if (error instanceof HTTPException) {
    const code =
      error.status === 400 ? 'malformed_body' : error.status === 415 ? 'unsupported_media_type' : 'http_error';
    const detail = error.status === 415 ? 'Send the body as JSON with content-type: application/json.' : error.message;
    return problem(
      c,
      new ApiError(
        error.status as ContentfulStatusCode,
        code,
        detail,
        error.status === 400 ? [{ field: '(body)', expected: 'a JSON document' }] : undefined,
      ),
    );
  }
  if (isTransientDbFault(error)) {
    console.error('[platform] a passing database fault, answered 503:', error.message);
    return problem(c, new TryAgain());
  }
  // The stack only: driver errors carry the query's parameters, which do not belong in logs.
  console.error('[platform] unexpected error', error.stack ?? error.message);
  return problem(c, new ApiError(500, 'internal', 'The platform could not complete the request; nothing was changed.'));
}

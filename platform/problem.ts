import type { Context } from 'hono';
import type { Problem } from '../protocol/api';
import { ApiError } from './api-error';
import { isTransientDbFault } from './db/transient';
import { internal, tryAgain } from './refusals';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  402: 'Payment failed',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  422: 'Unprocessable',
  423: 'Locked',
  429: 'Too many requests',
  500: 'Internal error',
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
    ...(error.more.facts && { facts: error.more.facts }),
  };
}

export function problem(c: Context, error: ApiError) {
  return c.json(problemBody(error), error.status, {
    'content-type': 'application/problem+json',
    ...(error.more.retryAfterS !== undefined && { 'retry-after': String(error.more.retryAfterS) }),
  });
}

/** Hono's onError: every failure leaves as a problem body; unexpected ones are logged and hidden. */
export function onError(error: Error, c: Context) {
  if (error instanceof ApiError) return problem(c, error);
  if (isTransientDbFault(error)) {
    console.error('[platform] a passing database fault, answered 503:', error.message);
    return problem(c, tryAgain());
  }
  // The stack only: driver errors carry the query's parameters, which do not belong in logs.
  console.error('[platform] unexpected error', error.stack ?? error.message);
  return problem(c, internal());
}

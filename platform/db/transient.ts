/**
 * Whether a database error is a passing fault, not a refusal and not a bug: the connection was lost
 * (the server restarted, an administrator or a failover ended it), or PostgreSQL gave up on this
 * transaction to let another through (serialization failure, deadlock). The transaction was rolled
 * back; the same request sent again may well succeed. SQLSTATE classes per PostgreSQL's appendix A.
 */
const TRANSIENT_STATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '57P01', // admin_shutdown (pg_terminate_backend)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
]);
const TRANSIENT_ERRNOS = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);
const LOST_CONNECTION = /Connection terminated|connection is closed|Client has encountered a connection error/i;

export function isTransientDbFault(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (TRANSIENT_STATES.has(code) || code.startsWith('08') || TRANSIENT_ERRNOS.has(code)))
    return true;
  return LOST_CONNECTION.test(error.message);
}

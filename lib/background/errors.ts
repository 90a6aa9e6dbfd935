import type { FieldIssue } from '../../protocol/field-issues';
import type { ErrorCode } from '../../protocol/messages';
import type { RefusalFacts } from '../../protocol/refusal-codes';
import { PlatformError } from '../platform-client';

/** A refusal a handler means to give: it reaches the sender as a typed error reply. */
export class WalletError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
    readonly reason?: string,
    readonly facts?: RefusalFacts,
  ) {
    super(message);
  }
}

/** A platform refusal passed on as the wallet's `code`: its own code as the reason, its fields and figures kept. */
export const refusedBy = (code: ErrorCode, error: PlatformError): WalletError =>
  new WalletError(code, error.message, error.issues, error.code, error.facts);

/** Runs a platform call, turning its failure into a refusal the popup can show. */
export async function viaPlatform<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error;
    throw refusedBy(error.unreachable ? 'platform_unreachable' : 'platform_error', error);
  }
}

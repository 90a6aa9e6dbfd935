import type { FieldIssue } from '../../protocol/field-issues';
import type { ErrorCode } from '../../protocol/messages';
import { PlatformError } from '../platform-client';

/** A refusal a handler means to give: it reaches the sender as a typed error reply. */
export class WalletError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
    readonly reason?: string,
  ) {
    super(message);
  }
}

/** Runs a platform call, turning its failure into a refusal the popup can show. */
export async function viaPlatform<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error;
    throw new WalletError(
      error.unreachable ? 'platform_unreachable' : 'platform_error',
      error.message,
      error.issues,
      error.code,
    );
  }
}

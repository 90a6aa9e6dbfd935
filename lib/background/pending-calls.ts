import { canonicalJson } from '../../protocol/canonical-json';
import type { Account } from '../../protocol/wallet';
import type { PouchDB } from '../db/schema';
import { PlatformError } from '../platform-client';
import { requireAccount } from './account';
import type { BackgroundContext } from './context';
import { refusedBy, WalletError } from './errors';
import { platformToken, sessionEnded } from './platform-session';
import { serially } from './serial';

/**
 * A call that moves money — a payment, a top-up, a withdrawal — is written down with its idempotency
 * key before the platform first hears it, and sent under that key until the platform answers: whatever
 * happened to an earlier try (sent or not, answered or not), the next gets the first reply again or
 * does the work once. This module is that rule; each kind says how to send, record and refuse.
 */
export type PendingStore = 'pending' | 'pendingMoves';
type Pending<S extends PendingStore> = PouchDB[S]['value'];

export interface PendingKind<S extends PendingStore, R, T> {
  store: S;
  send(ctx: BackgroundContext, account: Account, token: string, call: Pending<S>, pin?: string): Promise<R>;
  /** Keeps the platform's answer; removes the pending record in the same IndexedDB transaction. */
  record(ctx: BackgroundContext, call: Pending<S>, result: R, pin?: string): Promise<T>;
  /** What the caller hears of a refusal, once the record is gone (a checkout ends here too). */
  refused(ctx: BackgroundContext, call: Pending<S>, error: PlatformError): Promise<WalletError>;
}

/**
 * Sends a pending call under its key. Unreachable, or an answer that leaves the outcome open: the
 * record stays for the next try. The session ended: it stays for after the PIN unlocks again. Any
 * other refusal: the record goes and the refusal is thrown. Undefined when another try finished it.
 */
export function sendPending<S extends PendingStore, R, T>(
  ctx: BackgroundContext,
  kind: PendingKind<S, R, T>,
  call: Pending<S>,
  pin?: string,
): Promise<T | undefined> {
  return serially(call.idempotencyKey, async () => {
    const db = await ctx.db();
    if (!(await db.get(kind.store, call.idempotencyKey))) return undefined;
    const account = await requireAccount(ctx);
    let result: R;
    try {
      result = await kind.send(ctx, account, await platformToken(ctx, account), call, pin);
    } catch (error) {
      if (!(error instanceof PlatformError)) throw error;
      if (error.undecided) throw refusedBy('platform_unreachable', error);
      if (error.code === 'session_expired') throw await sessionEnded(ctx);
      await db.delete(kind.store, call.idempotencyKey);
      throw await kind.refused(ctx, call, error);
    }
    return kind.record(ctx, call, result, pin);
  });
}

/** Unreachable or locked: a pending call waits, with its key, for the next start or the next unlock. */
const waits = (error: unknown) =>
  error instanceof WalletError && (error.code === 'platform_unreachable' || error.code === 'wallet_locked');

/**
 * On every worker start and unlock: finish each call of this kind a stopped worker left pending,
 * exactly once. No PIN is kept, so one that needs a PIN now is refused and reported by `onRefused`.
 */
export async function resumePending<S extends PendingStore, R, T>(
  ctx: BackgroundContext,
  kind: PendingKind<S, R, T>,
  onRefused: (call: Pending<S>, error: unknown) => Promise<void>,
): Promise<void> {
  for (const call of await (await ctx.db()).getAll(kind.store)) {
    try {
      await sendPending(ctx, kind, call);
    } catch (error) {
      if (!waits(error)) await onRefused(call, error);
    }
  }
}

/**
 * Whether a new request is the one a pending call holds: the same fields with the same values,
 * whatever their order. A retry while an earlier try's outcome is unknown reuses that try's key only
 * then; anything else is a new request.
 */
export const sameRequest = (a: object, b: object): boolean => canonicalJson(a) === canonicalJson(b);

import type { z } from 'zod';
import type { TopUpResultSchema } from '../../protocol/api';
import type { Money } from '../../protocol/money';
import type { Account } from '../../protocol/wallet';
import type { MoneyMove, PendingMove } from '../db/schema';
import { PlatformError } from '../platform-client';
import type { BackgroundContext } from './context';
import { WalletError } from './errors';
import { platformToken, requireUnlocked, sessionEnded } from './platform-session';
import { serially } from './serial';

type MoveResult = z.infer<typeof TopUpResultSchema>;

/** The same move again: same kind, amount and card (a serialisation would depend on key order). */
const sameMove = (a: PendingMove, b: MoneyMove) =>
  a.kind === b.kind &&
  a.amount.amount === b.amount.amount &&
  a.amount.currency === b.amount.currency &&
  (a.kind !== 'topup' || b.kind !== 'topup' || a.cardToken === b.cardToken);

function send(ctx: BackgroundContext, account: Account, move: PendingMove, token: string, pin?: string) {
  const platform = ctx.platform(account.platformUrl);
  return move.kind === 'topup'
    ? platform.topUp(token, move.idempotencyKey, { cardToken: move.cardToken, amount: move.amount })
    : platform.withdraw(token, move.idempotencyKey, { amount: move.amount, ...(pin && { pin }) });
}

/**
 * Sends a pending top-up or withdrawal under its idempotency key: the platform answers a retry with its
 * first reply, so a lost answer never moves the money twice. Unreachable: the record stays for the next
 * try (or the next worker start). Refused: the record goes and the refusal is thrown.
 */
function settleMove(ctx: BackgroundContext, move: PendingMove, pin?: string): Promise<MoveResult | undefined> {
  return serially(move.idempotencyKey, async () => {
    const db = await ctx.db();
    if (!(await db.get('pendingMoves', move.idempotencyKey))) return undefined;
    const account = await db.get('account', 'self');
    if (!account) throw new WalletError('no_wallet', 'Create a wallet first.');
    let result: MoveResult;
    try {
      result = await send(ctx, account, move, await platformToken(ctx, account), pin);
    } catch (error) {
      if (!(error instanceof PlatformError)) throw error;
      if (error.undecided) throw new WalletError('platform_unreachable', error.message, undefined, error.code);
      // Refused before it was looked at: kept for after the PIN unlocks the wallet again.
      if (error.code === 'session_expired') throw await sessionEnded(ctx);
      await db.delete('pendingMoves', move.idempotencyKey);
      throw new WalletError('platform_error', error.message, error.issues, error.code);
    }
    const tx = db.transaction(['transactions', 'balances', 'pendingMoves'], 'readwrite');
    await Promise.all([
      tx.objectStore('transactions').put(result.transaction),
      tx.objectStore('balances').put(result.balance),
      tx.objectStore('pendingMoves').delete(move.idempotencyKey),
      tx.done,
    ]);
    return result;
  });
}

/**
 * Moves money in or out: a retry of the same move while an earlier try's outcome is unknown reuses its
 * key; anything else is a new move with a new key, written down before the platform is called.
 */
export async function moveMoney(ctx: BackgroundContext, move: MoneyMove, pin?: string): Promise<MoveResult> {
  const db = await ctx.db();
  // Locked, nothing is written down: the move is not waiting for an unlock the user may never make.
  await requireUnlocked(ctx);
  const earlier = (await db.getAll('pendingMoves')).find((p) => sameMove(p, move));
  const pending =
    earlier ?? ({ ...move, idempotencyKey: ctx.newId(), createdAt: ctx.now().toISOString() } as PendingMove);
  if (!earlier) await db.put('pendingMoves', pending);
  const result = await settleMove(ctx, pending, pin);
  if (!result) throw new WalletError('platform_error', 'This was finished by another try: refresh the wallet.');
  return result;
}

export const topUp = (ctx: BackgroundContext, cardToken: string, amount: Money) =>
  moveMoney(ctx, { kind: 'topup', cardToken, amount });

/**
 * On every worker start: finish each move a stopped worker left unknown, with its own key. No PIN is
 * kept, so a withdrawal resumed on wake counts on the PIN its session proved in the last five minutes.
 */
export async function resumePendingMoves(ctx: BackgroundContext): Promise<void> {
  for (const pending of await (await ctx.db()).getAll('pendingMoves')) {
    await settleMove(ctx, pending).catch((error) => {
      if (!(error instanceof WalletError && (error.code === 'platform_unreachable' || error.code === 'wallet_locked')))
        ctx.log('a pending top-up or withdrawal was refused on resume', error);
    });
  }
}

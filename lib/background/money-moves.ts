import type { z } from 'zod';
import type { TopUpResultSchema } from '../../protocol/api';
import type { Money } from '../../protocol/money';
import type { MoneyMove, PendingMove } from '../db/schema';
import type { BackgroundContext } from './context';
import { refusedBy, WalletError } from './errors';
import { resumePending, sameRequest, sendPending, type PendingKind } from './pending-calls';
import { requireUnlocked } from './platform-session';

type MoveResult = z.infer<typeof TopUpResultSchema>;

/** What makes two moves the same request: kind, amount and card. */
const requestOf = (move: MoneyMove) => ({
  kind: move.kind,
  amount: move.amount,
  cardToken: move.kind === 'topup' ? move.cardToken : undefined,
});

/** Top-ups and withdrawals: sent under their key, recorded in the history and the balance. */
const MOVES: PendingKind<'pendingMoves', MoveResult, MoveResult> = {
  store: 'pendingMoves',
  send(ctx, account, token, move, pin) {
    const platform = ctx.platform(account.platformUrl);
    return move.kind === 'topup'
      ? platform.topUp(token, move.idempotencyKey, { cardToken: move.cardToken, amount: move.amount })
      : platform.withdraw(token, move.idempotencyKey, { amount: move.amount, ...(pin && { pin }) });
  },
  async record(ctx, move, result) {
    const tx = (await ctx.db()).transaction(['transactions', 'balances', 'pendingMoves'], 'readwrite');
    await Promise.all([
      tx.objectStore('transactions').put(result.transaction),
      tx.objectStore('balances').put(result.balance),
      tx.objectStore('pendingMoves').delete(move.idempotencyKey),
      tx.done,
    ]);
    return result;
  },
  refused: async (_ctx, _move, error) => refusedBy('platform_error', error),
};

/**
 * Moves money in or out: a retry of the same move while an earlier try's outcome is unknown reuses its
 * key; anything else is a new move with a new key, written down before the platform is called.
 */
export async function moveMoney(ctx: BackgroundContext, move: MoneyMove, pin?: string): Promise<MoveResult> {
  const db = await ctx.db();
  // Locked, nothing is written down: the move is not waiting for an unlock the user may never make.
  await requireUnlocked(ctx);
  const earlier = (await db.getAll('pendingMoves')).find((p) => sameRequest(requestOf(p), requestOf(move)));
  const pending =
    earlier ?? ({ ...move, idempotencyKey: ctx.newId(), createdAt: ctx.now().toISOString() } as PendingMove);
  if (!earlier) await db.put('pendingMoves', pending);
  const result = await sendPending(ctx, MOVES, pending, pin);
  if (!result) throw new WalletError('platform_error', 'This was finished by another try: refresh the wallet.');
  return result;
}

export const topUp = (ctx: BackgroundContext, cardToken: string, amount: Money) =>
  moveMoney(ctx, { kind: 'topup', cardToken, amount });

/**
 * On every worker start: finish each move a stopped worker left unknown, with its own key. No PIN is
 * kept, so a withdrawal resumed on wake counts on the PIN its session proved in the last five minutes.
 */
export const resumePendingMoves = (ctx: BackgroundContext) =>
  resumePending(ctx, MOVES, async (_move, error) =>
    ctx.log('a pending top-up or withdrawal was refused on resume', error),
  );

import type { z } from 'zod';
import type { TopUpResultSchema } from '../../protocol/api';
import type { Money } from '../../protocol/money';
import type { PendingTopUp } from '../db/schema';
import { PlatformError } from '../platform-client';
import type { BackgroundContext } from './context';
import { WalletError } from './errors';
import { platformToken } from './platform-session';
import { serially } from './serial';

type TopUpResult = z.infer<typeof TopUpResultSchema>;

const sameTopUp = (p: PendingTopUp, cardToken: string, amount: Money) =>
  p.cardToken === cardToken && p.amount.amount === amount.amount && p.amount.currency === amount.currency;

/**
 * Sends a pending top-up under its idempotency key: the platform answers a retry with its first reply,
 * so a lost answer never charges the card twice. Unreachable: the record stays for the next try (or
 * the next worker start). Refused: the record goes and the refusal is thrown.
 */
function settleTopUp(ctx: BackgroundContext, pending: PendingTopUp): Promise<TopUpResult | undefined> {
  return serially(pending.idempotencyKey, async () => {
    const db = await ctx.db();
    if (!(await db.get('pendingTopUps', pending.idempotencyKey))) return undefined;
    const account = await db.get('account', 'self');
    if (!account) throw new WalletError('no_wallet', 'Create a wallet first.');
    let result: TopUpResult;
    try {
      const token = await platformToken(ctx, account);
      const body = { cardToken: pending.cardToken, amount: pending.amount };
      result = await ctx.platform(account.platformUrl).topUp(token, pending.idempotencyKey, body);
    } catch (error) {
      if (!(error instanceof PlatformError)) throw error;
      if (error.unreachable || error.code === 'idempotency_key_in_use')
        throw new WalletError('platform_unreachable', error.message, undefined, error.code);
      await db.delete('pendingTopUps', pending.idempotencyKey);
      throw new WalletError('platform_error', error.message, error.issues, error.code);
    }
    const tx = db.transaction(['transactions', 'balances', 'pendingTopUps'], 'readwrite');
    await Promise.all([
      tx.objectStore('transactions').put(result.transaction),
      tx.objectStore('balances').put(result.balance),
      tx.objectStore('pendingTopUps').delete(pending.idempotencyKey),
      tx.done,
    ]);
    return result;
  });
}

/**
 * Tops up: a retry of the same card and amount while an earlier try's outcome is unknown reuses its
 * key; anything else is a new top-up with a new key, written down before the platform is called.
 */
export async function topUp(ctx: BackgroundContext, cardToken: string, amount: Money): Promise<TopUpResult> {
  const db = await ctx.db();
  const earlier = (await db.getAll('pendingTopUps')).find((p) => sameTopUp(p, cardToken, amount));
  const pending = earlier ?? { idempotencyKey: ctx.newId(), createdAt: ctx.now().toISOString(), cardToken, amount };
  if (!earlier) await db.put('pendingTopUps', pending);
  const result = await settleTopUp(ctx, pending);
  if (!result) throw new WalletError('platform_error', 'This top-up was finished by another try: refresh the wallet.');
  return result;
}

/** On every worker start: finish each top-up a stopped worker left unknown, with its own key. */
export async function resumePendingTopUps(ctx: BackgroundContext): Promise<void> {
  for (const pending of await (await ctx.db()).getAll('pendingTopUps')) {
    await settleTopUp(ctx, pending).catch((error) => {
      if (!(error instanceof WalletError && error.code === 'platform_unreachable'))
        ctx.log('a pending top-up was refused on resume', error);
    });
  }
}

import type { Account } from '../../../protocol/wallet';
import type { BackgroundContext } from '../context';
import { viaPlatform, WalletError } from '../errors';
import { platformToken } from '../platform-session';
import { syncDirectory } from '../directory';
import type { Handler } from '../router';

const SYNCED_TRANSACTIONS = 50;

export async function requireAccount(ctx: BackgroundContext): Promise<Account> {
  const account = await (await ctx.db()).get('account', 'self');
  if (!account) throw new WalletError('no_wallet', 'Create a wallet first.');
  return account;
}

/**
 * Pulls balances, cards and recent transactions from the platform, then writes them in one IndexedDB
 * transaction: the popup sees the old state or the new, never half. The partner directory follows.
 */
export const walletRefresh: Handler<'wallet.refresh'> = async (ctx) => {
  const account = await requireAccount(ctx);
  const db = await ctx.db();
  const platform = ctx.platform(account.platformUrl);
  const [snapshot, recent] = await viaPlatform(async () => {
    const token = await platformToken(ctx, account);
    return Promise.all([platform.wallet(token), platform.transactions(token, { limit: SYNCED_TRANSACTIONS })]);
  });
  const refreshedAt = ctx.now().toISOString();
  const tx = db.transaction(['account', 'balances', 'cards', 'transactions', 'meta'], 'readwrite');
  await Promise.all([
    tx.objectStore('account').put({ ...account, passwordFreeLimit: snapshot.passwordFreeLimit }, 'self'),
    tx.objectStore('balances').clear(),
    tx.objectStore('cards').clear(),
    ...snapshot.balances.map((balance) => tx.objectStore('balances').put(balance)),
    ...snapshot.cards.map((card) => tx.objectStore('cards').put(card)),
    ...recent.items.map((transaction) => tx.objectStore('transactions').put(transaction)),
    tx.objectStore('meta').put({ key: 'refreshedAt', value: refreshedAt }),
    tx.done,
  ]);
  await syncDirectory(ctx);
  return { refreshedAt };
};

import type { Account } from '../../protocol/wallet';
import type { BackgroundContext } from './context';
import { WalletError } from './errors';

/** The wallet this browser holds, or `no_wallet`: every handler that needs one starts here. */
export async function requireAccount(ctx: BackgroundContext): Promise<Account> {
  const account = await (await ctx.db()).get('account', 'self');
  if (!account) throw new WalletError('no_wallet', 'Create a wallet first.');
  return account;
}

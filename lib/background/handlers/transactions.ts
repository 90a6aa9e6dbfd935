import type { Transaction, TransactionPage } from '../../../protocol/wallet';
import type { WalletDB } from '../../db/open';
import { viaPlatform, WalletError } from '../errors';
import { platformToken } from '../platform-session';
import { requireAccount } from '../account';
import type { Handler } from '../router';

/** Cursors are opaque to the popup: the [createdAt, id] key of the last transaction shown. */
function encodeCursor(key: [string, string]): string {
  return btoa(JSON.stringify(key));
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const key: unknown = JSON.parse(atob(cursor));
    if (Array.isArray(key) && key.length === 2 && key.every((part) => typeof part === 'string')) {
      return key as [string, string];
    }
  } catch {
    // fall through to the refusal below
  }
  throw new WalletError('invalid_request', 'The cursor is not one this wallet gave out.', [
    { field: 'cursor', expected: 'the nextCursor of an earlier page' },
  ]);
}

/** Newest first, `limit` at a time, walking the by-created index backwards from the cursor. */
export async function readTransactionPage(db: WalletDB, limit: number, cursor?: string): Promise<TransactionPage> {
  const range = cursor ? IDBKeyRange.upperBound(decodeCursor(cursor), true) : null;
  const items = [];
  let position = await db.transaction('transactions').store.index('by-created').openCursor(range, 'prev');
  while (position && items.length < limit) {
    items.push(position.value);
    position = await position.continue();
  }
  const last = items.at(-1);
  return { items, nextCursor: position && last ? encodeCursor([last.createdAt, last.id]) : null };
}

export const transactionsPage: Handler<'transactions.page'> = async (ctx, { cursor, limit }) =>
  readTransactionPage(await ctx.db(), limit, cursor);

const EXPORT_PAGE = 100;

/** The whole history from the platform, page after page (this browser may hold only the recent part). */
export const transactionsExport: Handler<'transactions.export'> = async (ctx) => {
  const account = await requireAccount(ctx);
  const platform = ctx.platform(account.platformUrl);
  // One export is one use of the wallet: the token is taken (and the idle deadline moved) once.
  const token = await platformToken(ctx, account);
  const items: Transaction[] = [];
  let cursor: string | undefined;
  do {
    const page = await viaPlatform(() =>
      platform.transactions(token, { limit: EXPORT_PAGE, ...(cursor && { cursor }) }),
    );
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { items };
};

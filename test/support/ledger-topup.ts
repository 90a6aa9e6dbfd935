import type { DB } from '../../platform/db/connect';
import { ensureAccount, postTransfer } from '../../platform/ledger/ledger';

/**
 * Puts money on the only wallet of a fresh platform, booked as a top-up would be (from the card
 * network's clearing account), without a card charge: for browser tests that start from a wallet the
 * extension made.
 */
export async function bookTopUp(db: DB, topUp: { transferId: string; title: string; amount: number }): Promise<void> {
  const { id } = await db.selectFrom('wallets').select('id').executeTakeFirstOrThrow();
  await db.transaction().execute(async (tx) => {
    const clearing = await ensureAccount(tx, 'card_clearing', 'network', 'CNY');
    const balance = await ensureAccount(tx, 'wallet', id, 'CNY');
    await postTransfer(
      tx,
      {
        id: topUp.transferId,
        kind: 'topup',
        wallet_id: id,
        merchant_id: null,
        payment_id: null,
        title: topUp.title,
        amount: topUp.amount,
        currency: 'CNY',
      },
      [
        { accountId: clearing, amount: -topUp.amount },
        { accountId: balance, amount: topUp.amount },
      ],
    );
  });
}

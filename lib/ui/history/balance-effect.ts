import type { Transaction } from '../../../protocol/wallet';

/**
 * How a line moved the wallet's balance: payments and withdrawals took money out, top-ups and refunds
 * brought it in, and an escrow release moved held money on to the shop without touching the balance.
 */
export function balanceEffect(tx: Transaction): -1 | 0 | 1 {
  if (tx.kind === 'payment' || tx.kind === 'withdrawal') return -1;
  return tx.kind === 'release' ? 0 : 1;
}

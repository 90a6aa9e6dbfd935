import type { Transaction } from '../../../protocol/wallet';
import { formatMajorUnits } from '../../../protocol/money-format';

/**
 * Whether a history line answers a search: every word the person typed appears in what the line
 * shows (`shown`: its words and its amount as the wallet writes it, "¥68.50"), its order or payment
 * id, or its amount in plain figures ("68.50", "68.5" and "68" all find ¥68.50). Case and full-width
 * characters are ignored.
 */
export function matchesSearch(tx: Transaction, search: string, shown: string): boolean {
  const words = fold(search).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = fold([shown, tx.orderId ?? '', tx.paymentId ?? '', formatMajorUnits(tx.amount)].join(' '));
  return words.every((word) => haystack.includes(word));
}

const fold = (text: string) => text.normalize('NFKC').toLowerCase();

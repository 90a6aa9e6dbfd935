import type { Transaction } from '../../../protocol/wallet';
import { isolate, t } from '../i18n';

/**
 * What a history line is about, in the reader's language, from what the platform sends as data (the
 * shop and the order's label, the card's or bank's last four digits). A line cached before the
 * platform sent that data keeps the platform's own words until the next refresh replaces it. The
 * shop's words are isolated (`mark`) on screen; a file for other programs (the CSV) takes them plain.
 */
export function historyLine(tx: Transaction, mark: (shopText: string) => string = isolate): string {
  const shop = tx.merchantName && tx.label ? [mark(tx.merchantName), mark(tx.label)] : null;
  switch (tx.kind) {
    case 'payment':
      return shop ? `${shop[0]} · ${shop[1]}` : tx.title;
    case 'refund':
      return shop ? t('historyRefund', ...shop) : tx.title;
    case 'release':
      return shop ? t('historyRelease', ...shop) : tx.title;
    case 'topup':
      return tx.last4 ? t('historyTopUp', tx.last4) : tx.title;
    case 'withdrawal':
      return tx.last4 ? t('historyWithdrawal', tx.last4) : tx.title;
  }
}

import type { PaymentView } from '../../../protocol/api';
import { t } from '../i18n/language';
import { utcTime } from './layout';

/** A payment's state in the console's words: paid or refunded, and where escrowed money stands. */
export function statusWords(payment: PaymentView): { status: string; escrow?: string } {
  const status = {
    succeeded: t('Paid'),
    partially_refunded: t('Partially refunded'),
    refunded: t('Refunded'),
  }[payment.status];
  const escrow = payment.escrow;
  if (!escrow) return { status };
  const words = {
    held: () =>
      t('Held in escrow until the buyer confirms receipt, or {when} UTC', { when: utcTime(escrow.releaseAfter) }),
    refund_requested: () => t('Held in escrow: the buyer asked for a refund'),
    released: () => t('Released from escrow to your balance'),
    refunded: () => t('Refunded from escrow'),
  }[escrow.state]();
  return { status, escrow: words };
}

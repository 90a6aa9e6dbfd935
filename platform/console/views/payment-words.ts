import type { PaymentView } from '../../../protocol/api';
import { utcTime } from './layout';

const STATUS: Record<PaymentView['status'], string> = {
  succeeded: 'Paid',
  partially_refunded: 'Partially refunded',
  refunded: 'Refunded',
};

/** A payment's state in the console's words: paid or refunded, and where escrowed money stands. */
export function statusWords(payment: PaymentView): { status: string; escrow?: string } {
  const status = STATUS[payment.status];
  const escrow = payment.escrow;
  if (!escrow) return { status };
  const until = `${utcTime(escrow.releaseAfter)} UTC`;
  const words = {
    held: `Held in escrow until the buyer confirms receipt, or ${until}`,
    refund_requested: 'Held in escrow: the buyer asked for a refund',
    released: 'Released from escrow to your balance',
    refunded: 'Refunded from escrow',
  }[escrow.state];
  return { status, escrow: words };
}

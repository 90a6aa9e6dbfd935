import type { PaymentView } from '../../protocol/api';
import { DAY_MS } from '../../protocol/time';
import type { DB } from '../db/connect';
import { awaitingAnswer } from '../payments/order-messages';
import { paymentView } from '../payments/payment-view';
import { bankAccount, proposedBankAccounts } from '../settlement/bank-account';

/** How far back a failed webhook delivery still asks for the shop's attention. */
const FAILED_DELIVERY_DAYS = 7;

/** What waits on the shop, for the top of the console's home; each part links to where it is handled. */
export interface Attention {
  /** Escrow payments whose buyer asked for the money back, oldest first. */
  refundRequests: PaymentView[];
  /** Payouts wait after a bank-account change, until then. */
  payoutsHeldUntil: string | null;
  /** Bank-account changes asked for over the API, waiting for the console password. */
  bankChangesToConfirm: number;
  /** Origins not verified whose last check failed (a verification that was lost, or never made). */
  originsFailing: { origin: string; lastError: string }[];
  /** Webhook deliveries given up on lately, or still being retried after a failure. */
  webhooksFailing: number;
  /** Shoppers who wrote about an order and wait for an answer, longest wait first. */
  unanswered: Awaited<ReturnType<typeof awaitingAnswer>>;
}

export async function needsAttention(db: DB, merchantId: string, now: Date): Promise<Attention> {
  const since = new Date(now.getTime() - FAILED_DELIVERY_DAYS * DAY_MS);
  const [requests, bank, proposed, origins, deliveries, unanswered] = await Promise.all([
    db
      .selectFrom('payments')
      .innerJoin('merchants', 'merchants.id', 'payments.merchant_id')
      .selectAll('payments')
      .select('merchants.name as merchant_name')
      .where('payments.merchant_id', '=', merchantId)
      .where('payments.escrow_state', '=', 'refund_requested')
      .orderBy('payments.created_at')
      .limit(50)
      .execute(),
    bankAccount(db, merchantId),
    proposedBankAccounts(db, merchantId, now),
    db
      .selectFrom('merchant_origins')
      .select(['origin', 'last_error'])
      .where('merchant_id', '=', merchantId)
      .where('status', '=', 'pending')
      .where('last_error', 'is not', null)
      .orderBy('origin')
      .execute(),
    db
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('merchant_id', '=', merchantId)
      .where('created_at', '>', since)
      .where((eb) =>
        eb.or([eb('status', '=', 'failed'), eb.and([eb('status', '=', 'pending'), eb('attempts', '>', 0)])]),
      )
      .executeTakeFirstOrThrow(),
    awaitingAnswer(db, merchantId),
  ]);
  const heldUntil = bank?.payoutsHeldUntil;
  return {
    refundRequests: requests.map((row) => paymentView(row, row.merchant_name)),
    payoutsHeldUntil: heldUntil && Date.parse(heldUntil) > now.getTime() ? heldUntil : null,
    bankChangesToConfirm: proposed.length,
    originsFailing: origins.map((o) => ({ origin: o.origin, lastError: o.last_error ?? '' })),
    webhooksFailing: Number(deliveries.n),
    unanswered,
  };
}

/** Whether anything waits on the shop. */
export const anythingWaits = (a: Attention): boolean =>
  a.refundRequests.length > 0 ||
  a.payoutsHeldUntil !== null ||
  a.bankChangesToConfirm > 0 ||
  a.originsFailing.length > 0 ||
  a.webhooksFailing > 0 ||
  a.unanswered.length > 0;

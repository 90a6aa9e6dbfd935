import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { AgreementChargeBodySchema, AgreementChargeResultSchema } from '../../protocol/api';
import type { Platform } from '../context';
import type { DB, Tx } from '../db/connect';
import type { PaymentsTable } from '../db/schema';
import { once, record, type ReplyKey, type Stored } from '../idempotency';
import { newId, requestHash } from '../ids';
import { accountId, ensureAccount, postTransfer } from '../ledger/ledger';
import { isOrderConflict } from '../payments/pay';
import { paymentView } from '../payments/payment-view';
import { signReceipt } from '../payments/receipt';
import { ApiError } from '../api-error';
import { walletCard } from '../cards/cards';
import { captureCharge, chargeCard, reverseCharge, type Charge } from '../cards/charges';
import { agreementCancelled, agreementCapExceeded, agreementCardRemoved, agreementEnded, orderPaid } from '../refusals';
import { enqueueEvent } from '../webhooks/outbox';
import { periodStartOf, sideAgreement, spentSince, type AgreementRow } from './agreements';
import { agreementState } from './state';

type Body = z.infer<typeof AgreementChargeBodySchema>;
type Result = z.infer<typeof AgreementChargeResultSchema>;

/**
 * What refuses a charge now, read under the agreement's row lock (which a cancellation takes too) — and
 * once before it, without the lock, before a card is charged: cancelled, ended, above what is left of
 * this period's cap, or an order already paid.
 */
async function refuseCharge(db: DB | Tx, agreement: AgreementRow, body: Body, now: Date): Promise<void> {
  const state = agreementState(agreement, now);
  if (state === 'cancelled') throw agreementCancelled();
  if (state === 'ended') throw agreementEnded();
  const left = agreement.cap - (await spentSince(db, agreement.id, periodStartOf(agreement, now)));
  if (body.amount > left) throw agreementCapExceeded(Math.max(0, left));
  const paid = await db
    .selectFrom('payments')
    .select('id')
    .where('merchant_id', '=', agreement.merchant_id)
    .where('order_id', '=', body.orderId)
    .where('status', '<>', 'refunded')
    .executeTakeFirst();
  if (paid) throw orderPaid();
}

/** The card an agreement charges, when the shopper chose one; refused once they removed it. */
async function agreementCard(p: Platform, agreement: AgreementRow) {
  try {
    return await walletCard(p, agreement.wallet_id, agreement.card_token!);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'card_not_found') throw agreementCardRemoved();
    throw error;
  }
}

/**
 * For an agreement that charges a card, the card charged before the charge's transaction (as a
 * payment's is): after the refusals are checked once without the lock, so no card is charged for a
 * charge that would be refused. Under the lock they are checked again, and a refusal gives it back.
 */
async function cardCharge(p: Platform, merchantId: string, agreementId: string, body: Body, reply: ReplyKey) {
  const agreement = await sideAgreement(p.db, { merchantId }, agreementId);
  if (!agreement.card_token) return null;
  await refuseCharge(p.db, agreement, body, p.now());
  const card = await agreementCard(p, agreement);
  return chargeCard(p, {
    walletId: agreement.wallet_id,
    cardToken: card.token,
    networkToken: card.network_token,
    amount: body.amount,
    currency: agreement.currency,
    idempotencyKey: `${reply.scope}:${reply.key}`,
  });
}

/** The payment a charge makes: from the shopper's balance or card, to the shop, naming the agreement and its tag. */
async function chargeRow(p: Platform, agreement: AgreementRow, body: Body, now: Date, charge: Charge | null) {
  const id = newId('pay');
  const receipt = await signReceipt(
    p,
    { id, orderId: body.orderId, merchantId: agreement.merchant_id, createdAt: now },
    {
      amount: body.amount,
      currency: agreement.currency,
      couponDiscount: 0,
      pointsDiscount: 0,
      discount: 0,
      paid: body.amount,
      pinRequired: false,
      pinReason: null,
    },
  );
  const row: Selectable<PaymentsTable> = {
    id,
    wallet_id: agreement.wallet_id,
    merchant_id: agreement.merchant_id,
    order_id: body.orderId,
    label: body.label ?? agreement.description,
    amount: body.amount,
    refunded_amount: 0,
    currency: agreement.currency,
    funding: charge ? 'card' : 'balance',
    card_token: charge ? agreement.card_token : null,
    card_charge_id: charge?.chargeId ?? null,
    discount: 0,
    coupon_id: null,
    points_earned: 0,
    points_redeemed: 0,
    points_discount: 0,
    escrow_state: null,
    release_after: null,
    refund_request_reason: null,
    refund_decline_message: null,
    status: 'succeeded',
    tag_jti: agreement.tag_jti,
    // No PIN now: the shopper gave it once, accepting the agreement; its cap is what holds the charge.
    pin_used: false,
    receipt,
    agreement_id: agreement.id,
    shared_sealed: null,
    created_at: now,
  };
  return row;
}

/**
 * A shop charges under an agreement, idempotently by key: within the period's cap, before the end,
 * never once cancelled, from the shopper's Pouch balance or the card they chose. The charge is a
 * payment: the shop hears `payment.succeeded`, the shopper sees it in the history, and it refunds like
 * any other.
 */
export async function chargeAgreement(
  p: Platform,
  merchantId: string,
  agreementId: string,
  key: string,
  body: Body,
): Promise<Stored<Result> & { replayed: boolean }> {
  const reply = {
    scope: `merchant:${merchantId}`,
    key,
    hash: requestHash({ op: 'agreement_charge', agreementId, ...body }),
  };
  const outcome = await once(p.db, reply.scope, key, reply.hash, () =>
    chargeOnce(p, merchantId, agreementId, body, reply),
  );
  p.kickWebhooks();
  return outcome;
}

/** The charge's money moving: from the card's clearing account (its charge captured) or the wallet, to the shop. */
async function postCharge(tx: Tx, agreement: AgreementRow, payment: Selectable<PaymentsTable>, charge: Charge | null) {
  const from = charge
    ? await ensureAccount(tx, 'card_clearing', 'network', payment.currency)
    : accountId('wallet', agreement.wallet_id, payment.currency);
  const to = await ensureAccount(tx, 'merchant_pending', agreement.merchant_id, payment.currency);
  // A wallet short of money (or that never held the currency) is refused by the posting: insufficient_balance.
  await postTransfer(
    tx,
    {
      id: newId('tr'),
      kind: 'payment',
      wallet_id: agreement.wallet_id,
      merchant_id: agreement.merchant_id,
      payment_id: payment.id,
      title: `${agreement.merchant_name} · ${payment.label}`,
      amount: payment.amount,
      currency: payment.currency,
      created_at: payment.created_at,
    },
    [
      { accountId: from, amount: -payment.amount },
      { accountId: to, amount: payment.amount },
    ],
  );
  await tx.insertInto('payments').values(payment).execute();
  if (charge) await captureCharge(tx, charge);
}

/**
 * One charge: its card charged first when it has one, then its transaction. An order another payment
 * took meanwhile (the unique index decides what the check under the lock could not see) is refused as
 * paid, not mistaken for a key in use; any refusal after the card was charged gives the charge back.
 */
async function chargeOnce(p: Platform, merchantId: string, agreementId: string, body: Body, reply: ReplyKey) {
  const charge = await cardCharge(p, merchantId, agreementId, body, reply);
  try {
    return await p.db.transaction().execute(async (tx) => {
      const agreement = await sideAgreement(tx, { merchantId }, agreementId, true);
      if (Boolean(agreement.card_token) !== Boolean(charge))
        throw new Error('invariant: a card agreement is charged to its card, a balance one never');
      const now = p.now();
      await refuseCharge(tx, agreement, body, now);
      const payment = await chargeRow(p, agreement, body, now, charge);
      await postCharge(tx, agreement, payment, charge);
      const view = paymentView(payment, agreement.merchant_name);
      await enqueueEvent(tx, { id: merchantId, webhook_url: agreement.webhook_url }, 'payment.succeeded', {
        payment: view,
        receipt: payment.receipt,
      });
      const stored = { status: 201 as const, body: { payment: view, receipt: payment.receipt } };
      await record(tx, reply, stored);
      return stored;
    });
  } catch (error) {
    if (charge) await reverseCharge(p, charge, body.amount);
    throw isOrderConflict(error) ? orderPaid() : error;
  }
}

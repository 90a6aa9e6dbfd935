import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { PaymentBodySchema, PaymentResultSchema } from '../../protocol/api';
import type { CheckoutTagPayload } from '../../protocol/checkout-tag';
import type { WebhookEvent } from '../../protocol/webhook';
import { startOfFreeDay } from '../../protocol/pin-rule';
import { pointsFor } from '../../protocol/points';
import { chargeCard, reverseCharge, type Charge } from '../cards/charges';
import { walletCard } from '../cards/cards';
import type { Platform } from '../context';
import { refusalError } from '../db/refusal';
import type { PaymentsTable, TransfersTable } from '../db/schema';
import { isUniqueViolation, once, type ReplyKey, type Stored } from '../idempotency';
import { newId, requestHash } from '../ids';
import { accountId } from '../ledger/ledger';
import { orderPaid, tagModeRefused, tagReused } from '../refusals';
import { checkPin } from '../wallets/pin';
import { transactionView } from '../wallets/wallets';
import { couponSaving } from '../loyalty/coupons';
import { pointsSaving } from '../loyalty/points';
import { verifyTagToPay, type TagToPay } from './checkout-tag';
import { paymentReads, type WalletSide } from './payment-reads';
import { paymentView } from './payment-view';
import { price, type Price } from '../../protocol/pricing';
import { signReceipt } from './receipt';
import { resumeSharing, sealShared, sharedFor } from '../wallets/shares';

type Result = z.infer<typeof PaymentResultSchema>;
type Body = z.infer<typeof PaymentBodySchema>;

/** A payment that lost the race for its order to another one (the unique index decides). */
export const isOrderConflict = (error: unknown) =>
  isUniqueViolation(error) &&
  /payments_one_per_order/.test(`${(error as { constraint?: string }).constraint ?? ''} ${(error as Error).message}`);

/**
 * Refuses a tag already paid or an order with a standing payment (before any card is charged: the
 * unique indexes decide under races), then prices the payment from the wallet's own coupon, points and
 * limit. The wallet's side was read with the tag's signer, in one query (payment-reads.ts).
 */
async function quote(
  p: Platform,
  walletId: string,
  body: Body,
  tag: CheckoutTagPayload,
  merchantId: string,
  wallet: WalletSide,
) {
  if (wallet.merchantId !== merchantId || wallet.jti !== tag.jti || wallet.orderId !== tag.orderId)
    throw new Error("invariant: the payment's reads were made for the tag it pays");
  if (wallet.tagUsed) throw tagReused();
  if (wallet.orderPaid) throw orderPaid();
  const coupon = body.couponId ? await couponSaving(p, walletId, body.couponId, merchantId, tag) : 0;
  const points = body.redeemPoints
    ? await pointsSaving(p.db, walletId, merchantId, body.redeemPoints, tag.amount - coupon)
    : 0;
  const limit = { amount: wallet.passwordFreeLimit, currency: wallet.limitCurrency };
  const daily = { total: wallet.dailyFreeTotal, spentToday: wallet.spentToday };
  const cost = price({ amount: tag.amount, currency: tag.currency }, { coupon, points }, limit, daily);
  return { cost, pointsPerUnit: wallet.pointsPerUnit };
}

interface PaymentDraft {
  walletId: string;
  paymentId: string;
  createdAt: Date;
  verified: TagToPay;
  body: Body;
  price: Price;
  pointsPerUnit: number;
  charge: Charge | null;
  cardToken: string | null;
  receipt: string;
  reply: { scope: string; key: string; hash: string };
  /** The sealed copy of what the shopper shares with the shop on this payment, which the payment keeps. */
  sharedSealed: string | null;
}

/** The payment row, as it will be written. */
function paymentRow(p: Platform, draft: PaymentDraft): Selectable<PaymentsTable> {
  const { payload: tag, merchant } = draft.verified;
  const { price: cost, charge, body } = draft;
  const escrow = tag.mode === 'escrow';
  return {
    id: draft.paymentId,
    wallet_id: draft.walletId,
    merchant_id: merchant.id,
    order_id: tag.orderId,
    label: tag.label,
    amount: tag.amount,
    refunded_amount: 0,
    discount: cost.discount,
    coupon_id: body.couponId ?? null,
    points_earned: pointsFor(cost.paid, tag.currency, draft.pointsPerUnit),
    points_redeemed: body.redeemPoints ?? 0,
    points_discount: cost.pointsDiscount,
    // Escrow holds the money in the merchant's escrow account until the buyer confirms receipt.
    escrow_state: escrow ? 'held' : null,
    release_after: escrow ? new Date(draft.createdAt.getTime() + p.config.escrowHoldMs) : null,
    refund_request_reason: null,
    refund_decline_message: null,
    currency: tag.currency,
    funding: charge ? 'card' : 'balance',
    card_token: draft.cardToken,
    card_charge_id: charge?.chargeId ?? null,
    pin_used: cost.pinRequired,
    status: 'succeeded',
    tag_jti: tag.jti,
    receipt: draft.receipt,
    agreement_id: null,
    shared_sealed: draft.sharedSealed,
    created_at: draft.createdAt,
  };
}

/**
 * The payment's writes, handed to the process's payment writer, which makes them in one transaction,
 * alone or with the payments that came at the same time (pay-checkout.sql): what could refuse it checked
 * again under row locks (the daily total, the tag, the balance, coupon, points, the order, the card
 * charge), then the tag's jti consumed, the transfer posted, the coupon redeemed, points spent and
 * earned, the payment recorded, the card charge captured, the webhook queued, and the idempotent reply
 * stored. Everything the reply shows is built here, but the wallet's new balance, which the SQL fills in.
 */
async function postPayment(p: Platform, draft: PaymentDraft): Promise<Stored<Result>> {
  const { walletId, verified, charge } = draft;
  const { payload: tag, merchant } = verified;
  // A wallet that never held this currency has no account: its debit finds no row and is refused.
  const from = charge
    ? accountId('card_clearing', 'network', tag.currency)
    : accountId('wallet', walletId, tag.currency);
  const to = accountId(tag.mode === 'escrow' ? 'escrow' : 'merchant_pending', merchant.id, tag.currency);
  const payment = paymentRow(p, draft);
  const transfer: Selectable<TransfersTable> = {
    id: newId('tr'),
    kind: 'payment',
    wallet_id: walletId,
    merchant_id: merchant.id,
    payment_id: payment.id,
    title: `${merchant.name} · ${tag.label}`,
    counterparty_last4: null,
    amount: draft.price.paid,
    currency: tag.currency,
    created_at: draft.createdAt,
  };
  const view = paymentView(payment, merchant.name);
  const body: Result = {
    payment: view,
    receipt: draft.receipt,
    transaction: transactionView(transfer, { ...payment, order_amount: payment.amount, merchant_name: merchant.name }),
    balance: null,
  };
  const args = {
    payment,
    transfer,
    legs: [
      { accountId: from, amount: -draft.price.paid },
      { accountId: to, amount: draft.price.paid },
    ],
    paid: draft.price.paid,
    freeDayStart: startOfFreeDay(draft.createdAt),
    tagExpiresAt: new Date(tag.exp * 1000),
    chargeId: charge?.id ?? null,
    balanceAccount: charge ? null : from,
    event: {
      id: newId('evt'),
      deliveryId: newId('whd'),
      url: merchant.webhook_url,
      type: 'payment.succeeded' satisfies WebhookEvent['type'],
      // What the payment shared is not copied here: the delivery opens the payment's sealed copy.
      payload: { payment: view, receipt: draft.receipt },
    },
    reply: { ...draft.reply, status: 201 as const, body },
  };
  const outcome = await p.payments.write(JSON.stringify(args));
  if ('refusal' in outcome) throw refusalError(outcome.refusal) ?? new Error(`unknown refusal ${outcome.refusal.code}`);
  return { status: args.reply.status, body: outcome.reply as Result };
}

/**
 * A payment's work, for a key not used before (see `pay`). Checks that need no lock run first (tag,
 * price, PIN, card charge); then one database transaction makes every write and stores the idempotent
 * reply — all of it or none. A failure after the card was charged gives the charge back.
 */
async function payTag(p: Platform, walletId: string, body: Body, reply: ReplyKey): Promise<Stored<Result>> {
  const { scope, key } = reply;
  const reads = await paymentReads(p.db, walletId, body.tag, p.now());
  const verified = await verifyTagToPay(p.db, body.tag, p.now(), reads ?? undefined);
  if (!reads?.wallet) throw new Error('invariant: a tag that verifies was read, with its signer, before');
  const { payload: tag, merchant } = verified;
  // An agreement's tag is accepted (POST /v1/wallet/agreements), never paid.
  if (tag.mode === 'agreement')
    throw tagModeRefused('"direct" or "escrow" (an agreement\'s tag is accepted, not paid)');
  const { cost, pointsPerUnit } = await quote(p, walletId, body, tag, merchant.id, reads.wallet);
  if (cost.pinRequired) await checkPin(p.db, walletId, body.pin, p.now(), cost.pinReason!);
  // Before any card is charged: what the shop asked to be shared, the shopper chose, and the wallet holds.
  const shared = await sharedFor(p, walletId, tag.share, body.share);
  const paymentId = newId('pay');
  const sharedSealed = shared ? await sealShared(p, paymentId, shared) : null;

  const card = body.funding.type === 'card' ? await walletCard(p, walletId, body.funding.cardToken) : null;
  const charge = card
    ? await chargeCard(p, {
        walletId,
        cardToken: card.token,
        networkToken: card.network_token,
        amount: cost.paid,
        currency: tag.currency,
        idempotencyKey: `${scope}:${key}`,
      })
    : null;
  const createdAt = p.now();
  const receipt = await signReceipt(
    p,
    { id: paymentId, orderId: tag.orderId, merchantId: merchant.id, createdAt },
    cost,
  );
  const draft = {
    walletId,
    paymentId,
    createdAt,
    verified,
    body,
    price: cost,
    pointsPerUnit,
    charge,
    cardToken: card?.token ?? null,
    receipt,
    reply,
    sharedSealed,
  };
  let stored: Stored<Result>;
  try {
    stored = await postPayment(p, draft);
  } catch (error) {
    if (charge) await reverseCharge(p, charge, cost.paid);
    throw isOrderConflict(error) ? orderPaid() : error;
  }
  p.kickWebhooks();
  // Sharing again is consenting again: a shop the shopper had revoked reads what this payment gives it.
  // After the payment stands, and apart from it: a failure here must not touch the money.
  if (shared)
    await resumeSharing(p, walletId, merchant.id).catch((error) =>
      console.error('[platform] resuming sharing after a payment failed', error),
    );
  return stored;
}

/**
 * Pays a checkout tag, once per idempotency key. No look-up of the key first: a repeat is refused by the
 * tag's single use (in `quote`) before any card is charged, then answered with the stored reply.
 */
export async function pay(
  p: Platform,
  walletId: string,
  key: string,
  body: Body,
): Promise<Stored<Result> & { replayed: boolean }> {
  const scope = `wallet:${walletId}`;
  // The PIN authorises the operation but is not part of it: a retry without it is the same payment.
  const { pin: _pin, ...operation } = body;
  const hash = requestHash({ op: 'payment', ...operation });
  return once(p.db, scope, key, hash, () => payTag(p, walletId, body, { scope, key, hash }), { replayFirst: false });
}

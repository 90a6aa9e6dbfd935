import { SignJWT } from 'jose';
import type { z } from 'zod';
import type { PaymentBody, PaymentResult } from '../../protocol/api';
import { chargeCard, reverseCharge, type Charge } from '../cards/charges';
import { walletCard } from '../cards/cards';
import type { Platform } from '../context';
import { claim, once, remember, type Stored } from '../idempotency';
import { newId, requestHash } from '../ids';
import { ensureAccount, postTransfer } from '../ledger/ledger';
import { ApiError } from '../problem';
import { enqueueEvent } from '../webhooks/outbox';
import { checkPin } from '../wallets/pin';
import { transactionView } from '../wallets/wallets';
import { couponSaving, redeemCoupon } from '../loyalty/coupons';
import { earnPoints, pointsSaving, spendPoints } from '../loyalty/points';
import { pinRequired } from '../../protocol/pin-rule';
import { verifyCheckoutTag } from './checkout-tag';
import { paymentView } from './payment-view';

type Result = z.infer<typeof PaymentResult>;

const tagReused = () =>
  new ApiError(409, 'tag_reused', 'This checkout tag was already paid: reload the checkout page for a new one.', [
    { field: 'tag.payload.jti', expected: 'a tag that has not been used' },
  ]);

/**
 * Pays a checkout tag. Checks that need no lock run first (tag, PIN, card); then one database
 * transaction consumes the tag's jti, posts the ledger transfer, records the payment, queues the
 * webhook and stores the idempotent reply — all of it or none.
 */
export async function pay(
  p: Platform,
  walletId: string,
  key: string,
  body: z.infer<typeof PaymentBody>,
): Promise<Stored<Result> & { replayed: boolean }> {
  const scope = `wallet:${walletId}`;
  // The PIN authorises the operation but is not part of it: a retry without it is the same payment.
  const { pin: _pin, ...operation } = body;
  const hash = requestHash({ op: 'payment', ...operation });
  return once(p.db, scope, key, hash, async () => {
    const { payload: tag, merchant } = await verifyCheckoutTag(p.db, body.tag, p.now());
    const used = await p.db
      .selectFrom('used_tags')
      .select('jti')
      .where('merchant_id', '=', merchant.id)
      .where('jti', '=', tag.jti)
      .executeTakeFirst();
    if (used) throw tagReused();

    const wallet = await p.db
      .selectFrom('wallets')
      .select(['password_free_limit', 'limit_currency'])
      .where('id', '=', walletId)
      .executeTakeFirstOrThrow();
    const couponDiscount = body.couponId ? await couponSaving(p, walletId, body.couponId, merchant.id, tag) : 0;
    const pointsDiscount = body.redeemPoints
      ? await pointsSaving(p.db, walletId, merchant.id, body.redeemPoints, tag.amount - couponDiscount)
      : 0;
    const discount = couponDiscount + pointsDiscount;
    const paid = tag.amount - discount;
    const limit = { amount: wallet.password_free_limit, currency: wallet.limit_currency };
    if (pinRequired({ amount: paid, currency: tag.currency }, limit)) await checkPin(p.db, walletId, body.pin, p.now());

    const card = body.funding.type === 'card' ? await walletCard(p, walletId, body.funding.cardToken) : null;
    const charge: Charge | null = card
      ? await chargeCard(p, {
          walletId,
          cardToken: card.token,
          networkToken: card.network_token,
          amount: paid,
          currency: tag.currency,
          idempotencyKey: `${scope}:${key}`,
        })
      : null;

    const paymentId = newId('pay');
    const createdAt = p.now();
    const signing = await p.signingKey();
    const receipt = await new SignJWT({
      paymentId,
      orderId: tag.orderId,
      amount: tag.amount,
      discount,
      paid,
      currency: tag.currency,
      status: 'succeeded',
    })
      .setProtectedHeader({ alg: 'ES256', kid: signing.kid, typ: 'pouch-receipt+jwt' })
      .setIssuer(p.config.publicUrl)
      .setAudience(merchant.id)
      .setSubject(paymentId)
      .setIssuedAt(Math.floor(createdAt.getTime() / 1000))
      .sign(signing.privateKey);

    try {
      const stored = await p.db.transaction().execute(async (tx) => {
        await claim(tx, scope, key, hash);
        const consumed = await tx
          .insertInto('used_tags')
          .values({ merchant_id: merchant.id, jti: tag.jti, expires_at: new Date(tag.exp * 1000) })
          .onConflict((oc) => oc.doNothing())
          .returning('jti')
          .executeTakeFirst();
        if (!consumed) throw tagReused();

        const from = charge
          ? await ensureAccount(tx, 'card_clearing', 'network', tag.currency)
          : await ensureAccount(tx, 'wallet', walletId, tag.currency);
        // Escrow holds the money in the merchant's escrow account until the buyer confirms receipt.
        const escrow = tag.mode === 'escrow';
        const to = await ensureAccount(tx, escrow ? 'escrow' : 'merchant_pending', merchant.id, tag.currency);
        const transferId = newId('tr');
        await postTransfer(
          tx,
          {
            id: transferId,
            kind: 'payment',
            wallet_id: walletId,
            merchant_id: merchant.id,
            payment_id: paymentId,
            title: `${merchant.name} · ${tag.label}`,
            amount: paid,
            currency: tag.currency,
          },
          [
            { accountId: from, amount: -paid },
            { accountId: to, amount: paid },
          ],
        );
        if (body.couponId) await redeemCoupon(tx, body.couponId, paymentId);
        if (body.redeemPoints) await spendPoints(tx, walletId, merchant.id, body.redeemPoints);
        const pointsEarned = await earnPoints(tx, walletId, merchant.id, paid, tag.currency);
        const payment = await tx
          .insertInto('payments')
          .values({
            id: paymentId,
            wallet_id: walletId,
            merchant_id: merchant.id,
            order_id: tag.orderId,
            label: tag.label,
            amount: tag.amount,
            discount,
            coupon_id: body.couponId ?? null,
            points_earned: pointsEarned,
            points_redeemed: body.redeemPoints ?? 0,
            points_discount: pointsDiscount,
            escrow_state: escrow ? 'held' : null,
            release_after: escrow ? new Date(createdAt.getTime() + p.config.escrowHoldMs) : null,
            refund_request_reason: null,
            currency: tag.currency,
            funding: charge ? 'card' : 'balance',
            card_token: card?.token ?? null,
            card_charge_id: charge?.chargeId ?? null,
            status: 'succeeded',
            tag_jti: tag.jti,
            receipt,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        if (charge)
          await tx.updateTable('card_charges').set({ status: 'captured' }).where('id', '=', charge.id).execute();
        const view = paymentView(payment, merchant.name);
        await enqueueEvent(tx, merchant, 'payment.succeeded', { payment: view, receipt });

        const transfer = await tx
          .selectFrom('transfers')
          .selectAll()
          .where('id', '=', transferId)
          .executeTakeFirstOrThrow();
        const balance = charge
          ? null
          : await tx.selectFrom('accounts').select('balance').where('id', '=', from).executeTakeFirstOrThrow();
        const result: Stored<Result> = {
          status: 201,
          body: {
            payment: view,
            receipt,
            transaction: transactionView(transfer, payment),
            balance: balance && { currency: tag.currency, amount: balance.balance },
          },
        };
        await remember(tx, scope, key, result);
        return result;
      });
      p.kickWebhooks();
      return stored;
    } catch (error) {
      if (charge) await reverseCharge(p, charge, paid);
      throw error;
    }
  });
}

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balanceOf } from '../../platform/ledger/ledger';
import { releaseDueEscrows } from '../../platform/payments/escrow';
import { ledgerViolations } from '../support/ledger-invariants';
import { BACKENDS, startTestPlatform, type TestPlatform } from '../support/platform';
import { signUpMerchant, TestWallet, type TestMerchant } from '../support/wallet-client';

describe.each(BACKENDS)('escrow on %s', (backend) => {
  let platform: TestPlatform;
  let merchant: TestMerchant;

  beforeAll(async () => {
    platform = await startTestPlatform(backend, { config: { escrowHoldMs: 1_500 } });
    merchant = await signUpMerchant(platform.url);
  });
  afterAll(() => platform?.close());

  const escrowBalance = () => balanceOf(platform.platform.db, `escrow:${merchant.merchantId}:CNY`);
  const merchantBalance = () => balanceOf(platform.platform.db, `merchant_pending:${merchant.merchantId}:CNY`);
  const events = async (paymentId: string) =>
    (
      await platform.platform.db
        .selectFrom('webhook_events')
        .select(['type', 'payload'])
        .orderBy('created_at')
        .execute()
    )
      .filter((e) => (e.payload as { payment?: { id: string } }).payment?.id === paymentId)
      .map((e) => e.type);

  async function heldPayment(amount = 10_000) {
    const wallet = await TestWallet.create(platform.url);
    await wallet.topUp(await wallet.addCard(), 50_000);
    const paid = await wallet.pay(await merchant.tag({ amount, mode: 'escrow' }));
    expect(paid.status).toBe(201);
    return { wallet, payment: paid.body.payment, transaction: paid.body.transaction };
  }

  it('holds the money until the buyer confirms receipt, then pays the merchant', async () => {
    const [escrowBefore, merchantBefore] = [await escrowBalance(), await merchantBalance()];
    const { wallet, payment, transaction } = await heldPayment();
    expect(payment.escrow).toMatchObject({ state: 'held' });
    expect(transaction.status).toBe('held');
    expect(await escrowBalance()).toBe(escrowBefore + 10_000);
    expect(await merchantBalance()).toBe(merchantBefore);

    const confirmed = await wallet.call('POST', `/v1/wallet/payments/${payment.id}/confirm`);
    expect(confirmed.body.escrow.state).toBe('released');
    expect(await escrowBalance()).toBe(escrowBefore);
    expect(await merchantBalance()).toBe(merchantBefore + 10_000);
    expect((await wallet.call('POST', `/v1/wallet/payments/${payment.id}/confirm`)).body.code).toBe('escrow_released');
    const history = (await wallet.call('GET', '/v1/wallet/transactions')).body.items;
    expect(history.map((t: { kind: string; status: string }) => `${t.kind}:${t.status}`)).toEqual([
      'release:succeeded',
      'payment:released',
      'topup:succeeded',
    ]);
    expect(await events(payment.id)).toEqual(['payment.succeeded', 'payment.released']);
    expect(await wallet.balance()).toBe(40_000);
  });

  it('lets the buyer ask for a refund; the merchant declines, then accepts by refunding', async () => {
    const { wallet, payment } = await heldPayment(7_000);
    const missing = await wallet.call('POST', `/v1/wallet/payments/${payment.id}/refund-request`, {});
    expect(missing.body.issues).toEqual([
      { field: 'reason', expected: 'Invalid input: expected string (it is missing)' },
    ]);
    const asked = await wallet.call('POST', `/v1/wallet/payments/${payment.id}/refund-request`, {
      reason: 'Wrong date on the ticket',
    });
    expect(asked.body.escrow.state).toBe('refund_requested');
    expect(await releaseDueEscrows({ ...platform.platform, now: () => new Date(Date.now() + 86_400_000) })).toBe(0);
    const decline = (body?: unknown) =>
      merchant.call('POST', `/v1/merchant/payments/${payment.id}/refund-request/decline`, body);
    const unreadable = await decline({ message: 'Sorry\u202e' });
    expect(unreadable.status).toBe(400);
    expect(unreadable.body.issues).toEqual([{ field: 'message', expected: expect.stringContaining('plain text') }]);
    const declined = await decline({ message: ' The ticket shows the date you chose. ' });
    expect(declined.body.escrow).toMatchObject({
      state: 'held',
      requestReason: 'Wrong date on the ticket',
      declineMessage: 'The ticket shows the date you chose.',
    });
    // The buyer reads the shop's answer on the payment's line.
    const line = async () =>
      (await wallet.call('GET', '/v1/wallet/transactions')).body.items.find(
        (t: { paymentId?: string; kind: string }) => t.paymentId === payment.id && t.kind === 'payment',
      );
    expect(await line()).toMatchObject({
      status: 'held',
      refundDeclinedMessage: 'The ticket shows the date you chose.',
    });
    await wallet.call('POST', `/v1/wallet/payments/${payment.id}/refund-request`, { reason: 'Still wrong' });
    // A new request clears the old answer.
    expect((await line()).refundDeclinedMessage).toBeUndefined();
    const refunded = await merchant.call(
      'POST',
      `/v1/merchant/payments/${payment.id}/refunds`,
      {},
      { 'idempotency-key': randomUUID() },
    );
    expect(refunded.body.payment).toMatchObject({ status: 'refunded', escrow: { state: 'refunded' } });
    expect(await wallet.balance()).toBe(50_000);
    expect(await events(payment.id)).toEqual([
      'payment.succeeded',
      'payment.refund_requested',
      'payment.refund_declined',
      'payment.refund_requested',
      'payment.refunded',
    ]);
  });

  it('releases by itself when the hold runs out', async () => {
    const merchantBefore = await merchantBalance();
    const { payment } = await heldPayment(3_000);
    expect(await releaseDueEscrows(platform.platform)).toBe(0);
    // The hold (1.5 s here) runs out: the platform's clock is moved past it rather than waited for.
    const later = new Date(Date.now() + 1_600);
    platform.platform.now = () => later;
    try {
      expect(await releaseDueEscrows(platform.platform)).toBe(1);
    } finally {
      platform.platform.now = () => new Date();
    }
    expect(await merchantBalance()).toBe(merchantBefore + 3_000);
    expect(await events(payment.id)).toEqual(['payment.succeeded', 'payment.released']);
    expect(await ledgerViolations(platform.platform.db)).toEqual([]);
  });

  it('refuses escrow steps on a direct payment', async () => {
    const wallet = await TestWallet.create(platform.url);
    await wallet.topUp(await wallet.addCard(), 1_000);
    const paid = await wallet.pay(await merchant.tag({ amount: 100 }));
    expect((await wallet.call('POST', `/v1/wallet/payments/${paid.body.payment.id}/confirm`)).body.code).toBe(
      'not_escrow',
    );
  });
});

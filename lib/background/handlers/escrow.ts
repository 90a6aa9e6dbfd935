import { withPlatform } from '../platform-session';
import type { Handler } from '../router';
import { walletRefresh } from './wallet-refresh';

/** The buyer got the goods: release the held money, then bring history up to date. */
export const escrowConfirm: Handler<'escrow.confirm'> = async (ctx, { paymentId }, caller) => {
  const payment = await withPlatform(ctx, (platform, token) => platform.confirmReceipt(token, paymentId));
  await walletRefresh(ctx, {}, caller);
  return { state: payment.escrow?.state ?? 'released' };
};

export const escrowRequestRefund: Handler<'escrow.requestRefund'> = async (ctx, { paymentId, reason }, caller) => {
  const payment = await withPlatform(ctx, (platform, token) => platform.requestRefund(token, paymentId, reason));
  await walletRefresh(ctx, {}, caller);
  return { state: payment.escrow?.state ?? 'refund_requested' };
};

import { viaPlatform } from '../errors';
import { platformToken } from '../platform-session';
import type { Handler } from '../router';
import { requireAccount } from '../account';
import { walletRefresh } from './wallet-refresh';

/** The buyer got the goods: release the held money, then bring history up to date. */
export const escrowConfirm: Handler<'escrow.confirm'> = async (ctx, { paymentId }, caller) => {
  const account = await requireAccount(ctx);
  const payment = await viaPlatform(async () =>
    ctx.platform(account.platformUrl).confirmReceipt(await platformToken(ctx, account), paymentId),
  );
  await walletRefresh(ctx, {}, caller);
  return { state: payment.escrow?.state ?? 'released' };
};

export const escrowRequestRefund: Handler<'escrow.requestRefund'> = async (ctx, { paymentId, reason }, caller) => {
  const account = await requireAccount(ctx);
  const payment = await viaPlatform(async () =>
    ctx.platform(account.platformUrl).requestRefund(await platformToken(ctx, account), paymentId, reason),
  );
  await walletRefresh(ctx, {}, caller);
  return { state: payment.escrow?.state ?? 'refund_requested' };
};

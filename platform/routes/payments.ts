import { z } from 'zod';
import { PaymentBody, PaymentResult, PaymentView } from '../../protocol/api';
import { requireKey } from '../idempotency';
import { pay } from '../payments/pay';
import { confirmReceipt, declineRefundRequest, requestRefund } from '../payments/escrow';
import { operation, readBody, readParams, router } from './define';

const app = router();

operation(
  app,
  {
    method: 'post',
    path: '/v1/payments',
    summary: 'Pay a checkout tag (Idempotency-Key required)',
    tag: 'Payments',
    auth: 'wallet',
    idempotent: true,
    body: PaymentBody,
    reply: PaymentResult,
    status: 201,
  },
  async (c) => {
    const key = requireKey(c.req.header('idempotency-key'));
    const result = await pay(c.var.platform, c.var.walletId, key, await readBody(c, PaymentBody));
    return c.json(result.body, result.status, result.replayed ? { 'Idempotent-Replayed': 'true' } : {});
  },
);

const IdParam = z.object({ id: z.string().min(1).max(100) });
const RefundRequestBody = z
  .object({ reason: z.string().trim().min(1, 'expected why you want the money back').max(500) })
  .strict();

operation(
  app,
  {
    method: 'post',
    path: '/v1/wallet/payments/{id}/confirm',
    summary: 'Escrow: the goods arrived, release the money',
    tag: 'Escrow',
    auth: 'wallet',
    params: IdParam,
    reply: PaymentView,
  },
  async (c) => c.json(await confirmReceipt(c.var.platform, c.var.walletId, readParams(c, IdParam).id)),
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/wallet/payments/{id}/refund-request',
    summary: 'Escrow: ask the merchant for the money back',
    tag: 'Escrow',
    auth: 'wallet',
    params: IdParam,
    body: RefundRequestBody,
    reply: PaymentView,
  },
  async (c) =>
    c.json(
      await requestRefund(
        c.var.platform,
        c.var.walletId,
        readParams(c, IdParam).id,
        (await readBody(c, RefundRequestBody)).reason,
      ),
    ),
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/merchant/payments/{id}/refund-request/decline',
    summary: "Escrow: decline the buyer's refund request (accept by refunding)",
    tag: 'Escrow',
    auth: 'merchant',
    params: IdParam,
    reply: PaymentView,
  },
  async (c) => c.json(await declineRefundRequest(c.var.platform, c.var.merchantId, readParams(c, IdParam).id)),
);

export default app;

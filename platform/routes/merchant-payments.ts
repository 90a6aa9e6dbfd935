import { PaymentListSchema, PaymentViewSchema, RefundBodySchema, RefundResultSchema } from '../../protocol/api';
import { requireKey } from '../idempotency';
import { declineRefundRequest } from '../payments/escrow';
import { listPayments, merchantPayment, paymentView } from '../payments/payment-view';
import { refund } from '../payments/refund';
import { IdParamSchema, operation, PageQuerySchema, readBody, readParams, readQuery, router } from './define';
import { REFUND_REFUSALS, notFound, refusal } from './refusals';

/** A merchant's payments: list, look up, refund, and answer an escrow buyer's refund request. */
const app = router();

operation(
  app,
  {
    method: 'get',
    path: '/v1/merchant/payments',
    summary: "List the merchant's payments, newest first",
    tag: 'Merchant API',
    auth: 'merchant',
    query: PageQuerySchema,
    reply: PaymentListSchema,
  },
  async (c) => {
    const { limit, cursor } = readQuery(c, PageQuerySchema);
    return c.json(await listPayments(c.var.platform.db, c.var.merchantId, limit, cursor));
  },
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/merchant/payments/{id}',
    summary: 'Get one payment',
    tag: 'Merchant API',
    auth: 'merchant',
    params: IdParamSchema,
    reply: PaymentViewSchema,
    refusals: [notFound('payment_not_found', 'payment')],
  },
  async (c) => {
    const row = await merchantPayment(c.var.platform.db, c.var.merchantId, readParams(c, IdParamSchema).id);
    return c.json(paymentView(row, row.merchant_name));
  },
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/merchant/payments/{id}/refunds',
    summary: 'Refund all or part of a payment (Idempotency-Key required)',
    tag: 'Merchant API',
    auth: 'merchant',
    params: IdParamSchema,
    idempotent: true,
    body: RefundBodySchema,
    reply: RefundResultSchema,
    status: 201,
    refusals: REFUND_REFUSALS,
  },
  async (c) => {
    const key = requireKey(c.req.header('idempotency-key'));
    const result = await refund(
      c.var.platform,
      c.var.merchantId,
      readParams(c, IdParamSchema).id,
      key,
      await readBody(c, RefundBodySchema),
    );
    return c.json(result.body, result.status, result.replayed ? { 'Idempotent-Replayed': 'true' } : {});
  },
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/merchant/payments/{id}/refund-request/decline',
    summary: "Escrow: decline the buyer's refund request (accept by refunding)",
    tag: 'Escrow',
    auth: 'merchant',
    params: IdParamSchema,
    reply: PaymentViewSchema,
    refusals: [
      notFound('payment_not_found', 'payment'),
      refusal(409, 'no_refund_request', 'The buyer has not asked for this payment back.'),
    ],
  },
  async (c) => c.json(await declineRefundRequest(c.var.platform, c.var.merchantId, readParams(c, IdParamSchema).id)),
);

export default app;

import {
  DeclineRefundRequestBodySchema,
  PaymentListSchema,
  PaymentViewSchema,
  RefundBodySchema,
  RefundResultSchema,
} from '../../protocol/api';
import { declineRefundRequest } from '../payments/escrow';
import { listPayments, merchantPayment, paymentView } from '../payments/payment-view';
import { refund } from '../payments/refund';
import { merchantPaymentNotFound, noRefundRequest, notEscrow } from '../refusals';
import { IdParamSchema, operation, PageQuerySchema, router } from './define';
import { REFUND_REFUSALS } from './refusals';

/** A merchant's payments: list, look up, refund, and answer an escrow buyer's refund request. */
const app = router();

operation(
  app,
  {
    method: 'get',
    path: '/v1/merchant/payments',
    summary: "List the merchant's payments, newest first",
    tag: 'Payments and refunds',
    auth: 'merchant',
    query: PageQuerySchema,
    reply: PaymentListSchema,
  },
  async (c, { query }) => c.json(await listPayments(c.var.platform.db, c.var.merchantId, query.limit, query.cursor)),
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/merchant/payments/{id}',
    summary: 'Get one payment',
    tag: 'Payments and refunds',
    auth: 'merchant',
    params: IdParamSchema,
    reply: PaymentViewSchema,
    refusals: [merchantPaymentNotFound()],
  },
  async (c, { params }) => {
    const row = await merchantPayment(c.var.platform.db, c.var.merchantId, params.id);
    return c.json(paymentView(row, row.merchant_name));
  },
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/merchant/payments/{id}/refunds',
    summary: 'Refund all or part of a payment (Idempotency-Key required)',
    tag: 'Payments and refunds',
    auth: 'merchant',
    params: IdParamSchema,
    idempotent: true,
    body: RefundBodySchema,
    reply: RefundResultSchema,
    status: 201,
    refusals: REFUND_REFUSALS,
  },
  async (c, { params, key, body }) => {
    const result = await refund(c.var.platform, c.var.merchantId, params.id, key, body);
    return c.json(result.body, result.status, result.replayed ? { 'Idempotent-Replayed': 'true' } : {});
  },
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/merchant/payments/{id}/refund-request/decline',
    summary: "Escrow: decline the buyer's refund request (accept by refunding)",
    tag: 'Payments and refunds',
    auth: 'merchant',
    params: IdParamSchema,
    body: DeclineRefundRequestBodySchema,
    reply: PaymentViewSchema,
    refusals: [merchantPaymentNotFound(), notEscrow(), noRefundRequest()],
  },
  async (c, { params, body }) =>
    c.json(await declineRefundRequest(c.var.platform, c.var.merchantId, params.id, body.message)),
);

export default app;

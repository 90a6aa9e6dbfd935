import { z } from 'zod';
import { PaymentBodySchema, PaymentResultSchema, PaymentViewSchema } from '../../protocol/api';
import { MINUTE_MS } from '../../protocol/time';
import { rateLimit } from '../rate-limit';
import { pay } from '../payments/pay';
import { confirmReceipt, requestRefund } from '../payments/escrow';
import { IdParamSchema, operation, router } from './define';
import { ESCROW_REFUSALS, PAYMENT_REFUSALS } from './refusals';

const app = router();

operation(
  app,
  {
    method: 'post',
    path: '/v1/payments',
    summary: 'Pay a checkout tag (Idempotency-Key required)',
    tag: 'Extension · Payments',
    auth: 'wallet',
    idempotent: true,
    body: PaymentBodySchema,
    reply: PaymentResultSchema,
    status: 201,
    refusals: PAYMENT_REFUSALS,
  },
  async (c, { key, body }) => {
    const p = c.var.platform;
    await rateLimit(p.db, `payments:${c.var.walletId}`, p.config.rateLimits.paymentsPerMinute, p.now(), MINUTE_MS);
    const result = await pay(p, c.var.walletId, key, body);
    return c.json(result.body, result.status, result.replayed ? { 'Idempotent-Replayed': 'true' } : {});
  },
);

const RefundRequestBody = z
  .object({ reason: z.string().trim().min(1, 'expected why you want the money back').max(500) })
  .strict();

operation(
  app,
  {
    method: 'post',
    path: '/v1/wallet/payments/{id}/confirm',
    summary: 'Escrow: the goods arrived, release the money',
    tag: 'Extension · Escrow',
    auth: 'wallet',
    params: IdParamSchema,
    reply: PaymentViewSchema,
    refusals: ESCROW_REFUSALS,
  },
  async (c, { params }) => c.json(await confirmReceipt(c.var.platform, c.var.walletId, params.id)),
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/wallet/payments/{id}/refund-request',
    summary: 'Escrow: ask the merchant for the money back',
    tag: 'Extension · Escrow',
    auth: 'wallet',
    params: IdParamSchema,
    body: RefundRequestBody,
    reply: PaymentViewSchema,
    refusals: ESCROW_REFUSALS,
  },
  async (c, { params, body }) => c.json(await requestRefund(c.var.platform, c.var.walletId, params.id, body.reason)),
);

export default app;

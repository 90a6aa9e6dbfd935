import { PaymentBody, PaymentResult } from '../../protocol/api';
import { requireKey } from '../idempotency';
import { pay } from '../payments/pay';
import { operation, readBody, router } from './define';

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

export default app;

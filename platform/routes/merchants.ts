import { z } from 'zod';
import {
  DeliveryList,
  DeliveryView,
  MerchantCreated,
  MerchantSignupBody,
  PaymentList,
  PaymentView,
  RefundBody,
  RefundResult,
} from '../../protocol/api';
import { clientAddress } from '../auth';
import { consoleLogin, emailTaken } from '../console/session';
import { ApiError } from '../problem';
import { requireKey } from '../idempotency';
import { listDeliveries, listPayments, resendDelivery } from '../merchants/merchant-api';
import { signUpMerchant } from '../merchants/merchants';
import { merchantPayment, paymentView } from '../payments/payment-view';
import { refund } from '../payments/refund';
import { rateLimit } from '../rate-limit';
import { operation, readBody, readParams, readQuery, router } from './define';
import { PageQuery } from './wallets';

const IdParam = z.object({ id: z.string().min(1).max(100) });

const app = router();

operation(
  app,
  {
    method: 'post',
    path: '/v1/merchants',
    summary: 'Self-service merchant sign-up (free, immediate)',
    tag: 'Merchants',
    body: MerchantSignupBody,
    reply: MerchantCreated,
    status: 201,
  },
  async (c) => {
    const p = c.var.platform;
    await rateLimit(p.db, `signup:${clientAddress(c)}`, p.config.rateLimits.merchantSignup, p.now());
    const body = await readBody(c, MerchantSignupBody);
    const login = body.console && { ...body.console, email: body.console.email.toLowerCase() };
    if (login && (await emailTaken(p.db, login.email)))
      throw new ApiError(409, 'email_taken', 'This email already has a merchant console.', [
        { field: 'console.email', expected: 'an email without a console' },
      ]);
    return c.json(await signUpMerchant(p, body, login && (await consoleLogin(login.email, login.password))), 201);
  },
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/merchant/payments',
    summary: "List the merchant's payments, newest first",
    tag: 'Merchant API',
    auth: 'merchant',
    query: PageQuery,
    reply: PaymentList,
  },
  async (c) => {
    const { limit, cursor } = readQuery(c, PageQuery);
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
    params: IdParam,
    reply: PaymentView,
  },
  async (c) => {
    const row = await merchantPayment(c.var.platform.db, c.var.merchantId, readParams(c, IdParam).id);
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
    params: IdParam,
    idempotent: true,
    body: RefundBody,
    reply: RefundResult,
    status: 201,
  },
  async (c) => {
    const key = requireKey(c.req.header('idempotency-key'));
    const result = await refund(
      c.var.platform,
      c.var.merchantId,
      readParams(c, IdParam).id,
      key,
      await readBody(c, RefundBody),
    );
    return c.json(result.body, result.status, result.replayed ? { 'Idempotent-Replayed': 'true' } : {});
  },
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/merchant/webhook-deliveries',
    summary: 'Recent webhook deliveries',
    tag: 'Merchant API',
    auth: 'merchant',
    reply: DeliveryList,
  },
  async (c) => c.json(await listDeliveries(c.var.platform.db, c.var.merchantId)),
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/merchant/webhook-deliveries/{id}/resend',
    summary: 'Send a delivery again now',
    tag: 'Merchant API',
    auth: 'merchant',
    params: IdParam,
    reply: DeliveryView,
  },
  async (c) => {
    const delivery = await resendDelivery(c.var.platform.db, c.var.merchantId, readParams(c, IdParam).id);
    c.var.platform.kickWebhooks();
    return c.json(delivery);
  },
);

export default app;

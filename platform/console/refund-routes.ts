import { Hono, type Context } from 'hono';
import { randomUUID } from 'node:crypto';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { PaymentView } from '../../protocol/api';
import type { Env } from '../context';
import { refund } from '../payments/refund';
import { FormInput } from './form';
import { shopPayment } from './payment-detail';
import { shopOf, signedIn } from './http';
import { paid, readRefund, refundable, refundRefusal } from './refund-form';
import { emptyForm, type Form } from './views/layout';
import { paymentNotFoundPage, refundConfirmPage, refundFormPage } from './views/refund';
import { t } from './i18n/language';

/** The signed-in shop's payment named in the path; null for an id that is not one of its payments. */
const pathPayment = (c: Context<Env>) => shopPayment(c.var.platform.db, c.var.merchantId, c.req.param('id') ?? '');

/**
 * A refund in three steps, so money moves only on purpose: the form (how much — part, with an amount,
 * or all that is left, as its own choice — and why), its review in money, and the confirmation, the
 * only request that refunds. The confirmation carries the reviewed amount, never "all", and the review's
 * idempotency key, so a double submit refunds once: it is checked against what was paid, and the
 * platform checks it against what is left (a replay finds its first answer).
 */
export function refundRoutes() {
  const app = new Hono<Env>();
  const formPage = async (c: Context<Env>, payment: PaymentView, form: Form, status: ContentfulStatusCode = 200) =>
    c.html(refundFormPage((await shopOf(c)).name, payment, form), status);
  const notFound = async (c: Context<Env>) => c.html(paymentNotFoundPage((await shopOf(c)).name), 404);

  app.get('/payments/:id/refund', signedIn, async (c) => {
    const payment = await pathPayment(c);
    if (!payment) return notFound(c);
    // "Change" on the review comes back here with what was typed.
    const { scope = '', amount = '', reason = '' } = c.req.query();
    return formPage(c, payment, emptyForm({ scope, amount, reason }));
  });
  app.post('/payments/:id/refund/review', signedIn, async (c) => {
    const payment = await pathPayment(c);
    if (!payment) return notFound(c);
    const form = await FormInput.of(c.req);
    const request = readRefund(form, payment, refundable(payment));
    if (!request) return formPage(c, payment, form, 422);
    return c.html(refundConfirmPage((await shopOf(c)).name, payment, request, randomUUID()));
  });
  app.post('/payments/:id/refund', signedIn, async (c) => {
    const payment = await pathPayment(c);
    if (!payment) return notFound(c);
    const form = await FormInput.of(c.req);
    const request = readRefund(form, payment, paid(payment));
    const key = form.text('key');
    if (!key || form.text('scope') !== 'part') form.errors.form ??= t('Review the refund before it is sent.');
    if (!request || form.errors.form) return formPage(c, payment, form, 422);
    try {
      await refund(c.var.platform, c.var.merchantId, payment.id, key, {
        amount: request.amount.amount,
        reason: request.reason,
      });
    } catch (error) {
      Object.assign(form.errors, refundRefusal(error, payment.amount.currency));
      return formPage(c, payment, form, 422);
    }
    return c.redirect('/console/payments?done=refunded', 303);
  });
  return app;
}

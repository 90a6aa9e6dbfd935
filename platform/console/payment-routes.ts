import { Hono } from 'hono';
import type { Env } from '../context';
import { resendDelivery } from '../webhooks/deliveries';
import { OrderMessageBodySchema } from '../../protocol/api';
import { ApiError } from '../api-error';
import { answerShopper } from '../payments/order-messages';
import { FormInput, type FieldErrors } from './form';
import { apiErrors, notice, shopOf, signedIn } from './http';
import { t } from './i18n/language';
import { paymentDetail } from './payment-detail';
import { paymentPage } from './views/payment';
import { paymentNotFoundPage } from './views/refund';

/** A console page a form may send the merchant back to: only the console's own paths. */
const backTo = (path: string) => (/^\/console\/[\w/-]*$/.test(path) ? path : '/console/keys');

/** An answer the platform refused, in the merchant's words: too many this hour, or nothing to answer. */
function answerRefusal(error: unknown): FieldErrors {
  if (!(error instanceof ApiError)) throw error;
  if (error.code === 'rate_limited') return { text: t('You have sent many answers this hour: try again later.') };
  if (error.code === 'conversation_not_started') return { text: t('The shopper has not written about this order.') };
  return apiErrors(error);
}

/** One payment's page, answering its shopper, and resending one of the shop's webhook deliveries. */
export function paymentRoutes() {
  const app = new Hono<Env>();
  app.get('/payments/:id', signedIn, async (c) => {
    const shop = await shopOf(c);
    const detail = await paymentDetail(c.var.platform.db, c.var.merchantId, c.req.param('id'));
    if (!detail) return c.html(paymentNotFoundPage(shop.name), 404);
    return c.html(paymentPage(shop.name, detail, notice(c)));
  });
  app.post('/payments/:id/messages', signedIn, async (c) => {
    const form = await FormInput.of(c.req);
    const paymentId = c.req.param('id');
    const body = form.check(OrderMessageBodySchema, { text: form.text('text') });
    if (body) {
      try {
        await answerShopper(c.var.platform, c.var.merchantId, paymentId, body.text);
        return c.redirect(`/console/payments/${encodeURIComponent(paymentId)}?done=answered#conversation`, 303);
      } catch (error) {
        Object.assign(form.errors, answerRefusal(error));
      }
    }
    const shop = await shopOf(c);
    const detail = await paymentDetail(c.var.platform.db, c.var.merchantId, paymentId);
    if (!detail) return c.html(paymentNotFoundPage(shop.name), 404);
    return c.html(paymentPage(shop.name, detail, undefined, form), 422);
  });
  app.post('/deliveries/:id/resend', signedIn, async (c) => {
    const form = await FormInput.of(c.req);
    // An unknown id refuses (404) rather than pretending it was sent again.
    await resendDelivery(c.var.platform.db, c.var.merchantId, c.req.param('id'));
    c.var.platform.kickWebhooks();
    return c.redirect(`${backTo(form.text('back'))}?done=resent`, 303);
  });
  return app;
}

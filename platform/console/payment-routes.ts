import { Hono } from 'hono';
import type { Env } from '../context';
import { resendDelivery } from '../webhooks/deliveries';
import { FormInput } from './form';
import { notice, shopOf, signedIn } from './http';
import { paymentDetail } from './payment-detail';
import { paymentPage } from './views/payment';
import { paymentNotFoundPage } from './views/refund';

/** A console page a form may send the merchant back to: only the console's own paths. */
const backTo = (path: string) => (/^\/console\/[\w/-]*$/.test(path) ? path : '/console/keys');

/** One payment's page, and resending one of the shop's webhook deliveries. */
export function paymentRoutes() {
  const app = new Hono<Env>();
  app.get('/payments/:id', signedIn, async (c) => {
    const shop = await shopOf(c);
    const detail = await paymentDetail(c.var.platform.db, c.var.merchantId, c.req.param('id'));
    if (!detail) return c.html(paymentNotFoundPage(shop.name), 404);
    return c.html(paymentPage(shop.name, detail, notice(c)));
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

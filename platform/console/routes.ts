import { Hono } from 'hono';
import type { Env } from '../context';
import { accountRoutes } from './account-routes';
import { keysRoutes } from './keys-routes';
import { sameOrigin } from './http';
import { loyaltyRoutes } from './loyalty-routes';
import { moneyRoutes } from './money-routes';
import { paymentRoutes } from './payment-routes';
import { refundRoutes } from './refund-routes';

/** The merchant console: server-rendered pages under /console, outside the JSON API. */
export function consoleRoutes() {
  const app = new Hono<Env>();
  app.use('/console/*', sameOrigin);
  // No other site may frame the console (clickjacking a refund or a bank-account change); no script either.
  app.use('/console/*', async (c, next) => {
    await next();
    c.header(
      'content-security-policy',
      "frame-ancestors 'none'; script-src 'none'; object-src 'none'; base-uri 'none'",
    );
    c.header('x-frame-options', 'DENY');
  });
  app.get('/console', (c) => c.redirect('/console/overview'));
  app.route('/console', accountRoutes());
  app.route('/console', keysRoutes());
  app.route('/console', moneyRoutes());
  app.route('/console', refundRoutes());
  app.route('/console', paymentRoutes());
  app.route('/console', loyaltyRoutes());
  return app;
}

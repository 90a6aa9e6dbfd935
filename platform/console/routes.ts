import { Hono } from 'hono';
import type { Env } from '../context';
import { accountRoutes } from './account-routes';
import { agreementRoutes } from './agreement-routes';
import { keysRoutes } from './keys-routes';
import { contextStorage } from 'hono/context-storage';
import { sameOrigin } from './http';
import { detectLanguage } from './i18n/language';
import { COPY_SCRIPT } from './views/copy';
import { loyaltyRoutes } from './loyalty-routes';
import { moneyRoutes } from './money-routes';
import { paymentRoutes } from './payment-routes';
import { refundRoutes } from './refund-routes';

/** The merchant console: server-rendered pages under /console, outside the JSON API. */
export function consoleRoutes() {
  const app = new Hono<Env>();
  app.use('/console/*', sameOrigin);
  // Each console request in its language; pages read it through the request's context.
  app.use('/console/*', contextStorage(), detectLanguage);
  // No other site may frame the console (clickjacking a refund or a bank-account change); no script but
  // its own Copy buttons' file, nothing inline.
  app.use('/console/*', async (c, next) => {
    await next();
    c.header(
      'content-security-policy',
      "frame-ancestors 'none'; script-src 'self'; object-src 'none'; base-uri 'none'",
    );
    c.header('x-frame-options', 'DENY');
  });
  app.get('/console', (c) => c.redirect('/console/overview'));
  app.get('/console/assets/copy.js', (c) =>
    c.body(COPY_SCRIPT, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=3600',
    }),
  );
  app.route('/console', accountRoutes());
  app.route('/console', keysRoutes());
  app.route('/console', moneyRoutes());
  app.route('/console', refundRoutes());
  app.route('/console', paymentRoutes());
  app.route('/console', agreementRoutes());
  app.route('/console', loyaltyRoutes());
  return app;
}

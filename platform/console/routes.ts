import { Hono } from 'hono';
import type { Env } from '../context';
import { accountRoutes } from './account-routes';
import { sameOrigin } from './http';
import { loyaltyRoutes } from './loyalty-routes';
import { moneyRoutes } from './money-routes';

/** The merchant console: server-rendered pages under /console, outside the JSON API. */
export function consoleRoutes() {
  const app = new Hono<Env>();
  app.use('/console/*', sameOrigin);
  app.get('/console', (c) => c.redirect('/console/payments'));
  app.route('/console', accountRoutes());
  app.route('/console', moneyRoutes());
  app.route('/console', loyaltyRoutes());
  return app;
}

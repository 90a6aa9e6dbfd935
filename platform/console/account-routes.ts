import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { deleteCookie, getCookie } from 'hono/cookie';
import { MerchantSignupBodySchema } from '../../protocol/api';
import { clientAddress } from '../auth';
import type { Env } from '../context';
import { merchantOrigins, verifyOrigin } from '../merchants/origins';
import { listDeliveries } from '../webhooks/deliveries';
import { signUpMerchant } from '../merchants/merchants';
import { rateLimit } from '../rate-limit';
import { FormInput } from './form';
import { apiErrors, SESSION_COOKIE, shopOf, signedIn, startSession } from './http';
import { checkPassword, closeConsoleSession, consoleLogin, emailTaken, openConsoleSession } from './session';
import { signInPage, signUpPage, welcomePage } from './views/account';
import { keysPage, type ShopKeys } from './views/keys';
import { rotateApiKey, rotateWebhookSecret } from '../merchants/rotation';
import { emptyForm } from './views/layout';
import { claimSignInAttempt, takeFailedSignIns } from './sign-in-guard';

/** Opening a shop, signing in and out, and the shop's keys. */
export function accountRoutes() {
  const app = new Hono<Env>();

  app.get('/sign-up', (c) => c.html(signUpPage(emptyForm())));
  app.post('/sign-up', async (c) => {
    const p = c.var.platform;
    const form = await FormInput.of(c.req);
    const login = { email: form.text('email').toLowerCase(), password: form.values.password ?? '' };
    const body = form.check(MerchantSignupBodySchema, {
      name: form.text('name'),
      category: form.text('category'),
      origins: form.lines('origins'),
      webhookUrl: form.text('webhookUrl'),
      generateKey: true,
      console: login,
    });
    const again = { values: { ...form.values, password: '' }, errors: form.errors };
    // A form refused as malformed does not count against the limit; the limit then answers before the
    // email check: whether an email has a console is not for unlimited guessing.
    if (!body) return c.html(signUpPage(again), 422);
    try {
      await rateLimit(p.db, `signup:${clientAddress(c)}`, p.config.rateLimits.merchantSignup, p.now());
    } catch (error) {
      return c.html(signUpPage({ ...again, errors: apiErrors(error) }), 429);
    }
    if (await emailTaken(p.db, login.email)) form.errors.email = 'this email already has a console: sign in instead';
    if (form.errors.email) return c.html(signUpPage(again), 422);
    let created;
    try {
      created = await signUpMerchant(p, body, await consoleLogin(login.email, login.password));
    } catch (error) {
      return c.html(signUpPage({ ...again, errors: apiErrors(error) }), 422);
    }
    startSession(c, await openConsoleSession(p.db, created.merchantId, p.now()));
    c.header('cache-control', 'no-store');
    return c.html(welcomePage(body.name, created, body.origins[0]!), 201);
  });

  app.get('/sign-in', (c) => c.html(signInPage(emptyForm())));
  app.post('/sign-in', async (c) => {
    const p = c.var.platform;
    const form = await FormInput.of(c.req);
    try {
      await rateLimit(p.db, `console-sign-in:${clientAddress(c)}`, p.config.rateLimits.consoleSignIn, p.now());
    } catch (error) {
      return c.html(signInPage(emptyForm(form.values), apiErrors(error).form), 429);
    }
    const email = form.text('email').toLowerCase();
    const wait = await claimSignInAttempt(p.db, email, p.now());
    if (wait > 0) {
      c.header('retry-after', String(wait));
      const alert = `Too many wrong passwords for this email: try again in ${waitInWords(wait)}.`;
      return c.html(signInPage(emptyForm(form.values), alert), 429);
    }
    const merchantId = await checkPassword(p.db, email, form.values.password ?? '');
    if (!merchantId) return c.html(signInPage(emptyForm(form.values), 'The email or the password is not right.'), 401);
    const failed = await takeFailedSignIns(p.db, email);
    startSession(c, await openConsoleSession(p.db, merchantId, p.now(), failed));
    return c.redirect('/console/overview', 303);
  });

  app.post('/sign-out', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await closeConsoleSession(c.var.platform.db, token);
    deleteCookie(c, SESSION_COOKIE, { path: '/console' });
    return c.redirect('/console/sign-in', 303);
  });

  // "Verify" on the keys page: fetch the origin's file now and say what was found.
  app.post('/origins/verify', signedIn, async (c) => {
    const form = await FormInput.of(c.req);
    const origin = form.text('origin');
    try {
      await verifyOrigin(c.var.platform, c.var.merchantId, origin);
      return c.redirect('/console/keys?done=verified', 303);
    } catch (error) {
      return keys(c, { origin, error: apiErrors(error).form ?? Object.values(apiErrors(error)).join('; ') }, 422);
    }
  });

  app.get('/keys', signedIn, async (c) => keys(c));
  // Rotation: the new secret is on this one page, once; the old one works for 24 hours more.
  app.post('/keys/rotate/:which{api-key|webhook-secret}', signedIn, async (c) => {
    const p = c.var.platform;
    const rotated =
      c.req.param('which') === 'api-key'
        ? { label: 'API key', ...(await rotateApiKey(p, c.var.merchantId)) }
        : { label: 'Webhook secret', ...(await rotateWebhookSecret(p, c.var.merchantId)) };
    c.header('cache-control', 'no-store');
    return keys(c, undefined, 200, {
      label: rotated.label,
      secret: 'apiKey' in rotated ? rotated.apiKey : rotated.webhookSecret,
      previousValidUntil: rotated.previousValidUntil,
    });
  });
  return app;
}

/** The keys page: ids, origins with their verification state, webhook URL, recent deliveries. */
async function keys(
  c: Context<Env>,
  refused?: { origin: string; error: string },
  status: ContentfulStatusCode = 200,
  rotated?: ShopKeys['rotated'],
) {
  const db = c.var.platform.db;
  const [row, kids, origins, deliveries] = await Promise.all([
    shopOf(c),
    db.selectFrom('merchant_keys').select('kid').where('merchant_id', '=', c.var.merchantId).execute(),
    merchantOrigins(db, c.var.merchantId),
    listDeliveries(db, c.var.merchantId),
  ]);
  const page = keysPage(row.name, {
    merchantId: row.id,
    origins,
    webhookUrl: row.webhook_url,
    kids: kids.map((k) => k.kid),
    deliveries: deliveries.items.slice(0, 20),
    refused,
    rotated,
    notice: c.req.query('done') === 'verified' ? 'Origin verified: Pouch now pays checkouts there.' : undefined,
  });
  return c.html(page, status);
}

/** A wait as the sign-in page says it: seconds under two minutes, else minutes. */
const waitInWords = (seconds: number) => (seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`);

import { Hono } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { MerchantSignupBodySchema } from '../../protocol/api';
import { clientAddress } from '../auth';
import type { Env } from '../context';
import { signUpMerchant } from '../merchants/merchants';
import { rateLimit } from '../rate-limit';
import { FormInput } from './form';
import { apiErrors, SESSION_COOKIE, startSession } from './http';
import { checkPassword, closeConsoleSession, consoleLogin, emailTaken, openConsoleSession } from './session';
import { signInPage, signUpPage, welcomePage } from './views/account';
import { emptyForm } from './views/layout';
import { claimSignInAttempt, takeFailedSignIns } from './sign-in-guard';
import { t } from './i18n/language';

/** Opening a shop, signing in and out (the shop's keys: keys-routes.ts). */
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
    if (await emailTaken(p.db, login.email)) form.errors.email = t('this email already has a console: sign in instead');
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
      const alert = t('Too many wrong passwords for this email: try again in {wait}.', { wait: waitInWords(wait) });
      return c.html(signInPage(emptyForm(form.values), alert), 429);
    }
    const merchantId = await checkPassword(p.db, email, form.values.password ?? '');
    if (!merchantId)
      return c.html(signInPage(emptyForm(form.values), t('The email or the password is not right.')), 401);
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

  return app;
}

/** A wait as the sign-in page says it: seconds under two minutes, else minutes. */
const waitInWords = (seconds: number) =>
  seconds < 120 ? t('{n} seconds', { n: seconds }) : t('{n} minutes', { n: Math.ceil(seconds / 60) });

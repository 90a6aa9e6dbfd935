import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import {
  BankAccountBody,
  CouponCampaignBody,
  MerchantMessageBody,
  MerchantSignupBody,
  PointsProgramBody,
  RefundBody,
} from '../../protocol/api';
import { clientAddress } from '../auth';
import type { Env } from '../context';
import { merchantCampaigns, createCampaign } from '../loyalty/coupons';
import { postMessage, sentMessages } from '../loyalty/news';
import { pointsProgram, setPointsProgram } from '../loyalty/points';
import { listDeliveries, listPayments } from '../merchants/merchant-api';
import { signUpMerchant } from '../merchants/merchants';
import { refund } from '../payments/refund';
import { ApiError } from '../problem';
import { rateLimit } from '../rate-limit';
import { bankAccount, listPayouts, merchantBalance, setBankAccount, statementCsv } from '../settlement/settlement';
import { FormInput, type FieldErrors } from './form';
import {
  checkPassword,
  closeConsoleSession,
  consoleLogin,
  consoleMerchant,
  emailTaken,
  openConsoleSession,
} from './session';
import { signInPage, signUpPage, welcomePage } from './views/account';
import { keysPage } from './views/keys';
import { emptyForm } from './views/layout';
import { loyaltyPage } from './views/loyalty';
import { messagesPage } from './views/messages';
import { paymentsPage } from './views/payments';
import { payoutsPage } from './views/payouts';

const COOKIE = 'pouch_console';
const Email = z.email({ error: 'expected an email address' });
const PASSWORD_MIN = 12;

const NOTICES: Record<string, string> = {
  refunded: 'Refund sent. The shopper gets the money back where it came from.',
  campaign: 'Campaign created: shoppers see it as an offer.',
  points: 'Points program saved.',
  bank: 'Bank account saved.',
};

/** Console forms post only from console pages: the browser's Origin header must be this server's. */
const sameOrigin = createMiddleware<Env>(async (c, next) => {
  if (c.req.method === 'POST') {
    const origin = c.req.header('origin') ?? (c.req.header('referer') && new URL(c.req.header('referer')!).origin);
    if (origin !== new URL(c.req.url).origin) return c.text('Forms must be sent from the console itself.', 403);
  }
  await next();
});

/** Console pages need a signed-in merchant; the cookie holds a session token, never the API key. */
const signedIn = createMiddleware<Env>(async (c, next) => {
  const token = getCookie(c, COOKIE);
  const merchantId = token ? await consoleMerchant(c.var.platform.db, token, c.var.platform.now()) : null;
  if (!merchantId) return c.redirect('/console/sign-in', 303);
  c.set('merchantId', merchantId);
  c.header('cache-control', 'no-store');
  await next();
});

async function shopOf(c: Context<Env>) {
  return c.var.platform.db
    .selectFrom('merchants')
    .select(['id', 'name', 'origins', 'webhook_url'])
    .where('id', '=', c.var.merchantId)
    .executeTakeFirstOrThrow();
}

function startSession(c: Context<Env>, token: string) {
  setCookie(c, COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/console',
    secure: new URL(c.req.url).protocol === 'https:',
    maxAge: 12 * 3600,
  });
}

/** A refusal from the platform's own rules, placed on the fields it names. */
function apiErrors(error: unknown): FieldErrors {
  if (!(error instanceof ApiError)) throw error;
  const errors: FieldErrors = {};
  for (const issue of error.issues ?? []) errors[issue.field.split('.')[0]!] ??= issue.expected;
  if (Object.keys(errors).length === 0) errors.form = error.detail;
  return errors;
}

const notice = (c: Context<Env>) => NOTICES[c.req.query('done') ?? ''];

export function consoleRoutes() {
  const app = new Hono<Env>();
  app.use('/console/*', sameOrigin);
  app.get('/console', (c) => c.redirect('/console/payments'));

  app.get('/console/sign-up', (c) => c.html(signUpPage(emptyForm())));
  app.post('/console/sign-up', async (c) => {
    const p = c.var.platform;
    const form = await FormInput.of(c.req);
    const email = form.text('email').toLowerCase();
    const password = form.values.password ?? '';
    if (!Email.safeParse(email).success) form.errors.email = 'expected an email address';
    else if (await emailTaken(p.db, email)) form.errors.email = 'this email already has a console: sign in instead';
    if (password.length < PASSWORD_MIN) form.errors.password = `expected at least ${PASSWORD_MIN} characters`;
    const body = form.check(MerchantSignupBody, {
      name: form.text('name'),
      category: form.text('category'),
      origins: form.lines('origins'),
      webhookUrl: form.text('webhookUrl'),
      generateKey: true,
    });
    const again = { values: { ...form.values, password: '' }, errors: form.errors };
    if (!body) return c.html(signUpPage(again), 422);
    try {
      await rateLimit(p.db, `signup:${clientAddress(c)}`, p.config.rateLimits.merchantSignup, p.now());
    } catch (error) {
      return c.html(signUpPage({ ...again, errors: apiErrors(error) }), 429);
    }
    const created = await signUpMerchant(p, body, await consoleLogin(email, password));
    startSession(c, await openConsoleSession(p.db, created.merchantId, p.now()));
    c.header('cache-control', 'no-store');
    return c.html(welcomePage(body.name, created, body.origins[0]!), 201);
  });

  app.get('/console/sign-in', (c) => c.html(signInPage(emptyForm())));
  app.post('/console/sign-in', async (c) => {
    const p = c.var.platform;
    const form = await FormInput.of(c.req);
    try {
      await rateLimit(p.db, `console-sign-in:${clientAddress(c)}`, p.config.rateLimits.consoleSignIn, p.now());
    } catch (error) {
      return c.html(signInPage(emptyForm(form.values), apiErrors(error).form), 429);
    }
    const merchantId = await checkPassword(p.db, form.text('email').toLowerCase(), form.values.password ?? '');
    if (!merchantId) return c.html(signInPage(emptyForm(form.values), 'The email or the password is not right.'), 401);
    startSession(c, await openConsoleSession(p.db, merchantId, p.now()));
    return c.redirect('/console/payments', 303);
  });
  app.post('/console/sign-out', async (c) => {
    const token = getCookie(c, COOKIE);
    if (token) await closeConsoleSession(c.var.platform.db, token);
    deleteCookie(c, COOKIE, { path: '/console' });
    return c.redirect('/console/sign-in', 303);
  });

  const shop = new Hono<Env>();
  shop.use('*', signedIn);

  shop.get('/payments', async (c) => {
    const payments = await listPayments(c.var.platform.db, c.var.merchantId, 25, c.req.query('cursor'));
    return c.html(paymentsPage((await shopOf(c)).name, payments, { notice: notice(c) }));
  });
  shop.post('/payments/:id/refund', async (c) => {
    const p = c.var.platform;
    const paymentId = c.req.param('id');
    const form = await FormInput.of(c.req);
    const payment = await p.db
      .selectFrom('payments')
      .select('currency')
      .where('id', '=', paymentId)
      .where('merchant_id', '=', c.var.merchantId)
      .executeTakeFirst();
    const amount = form.money('amount', payment?.currency ?? 'CNY');
    const body = form.check(RefundBody, { ...(amount !== undefined && { amount }), reason: form.optional('reason') });
    let errors = form.errors;
    if (body) {
      try {
        await refund(p, c.var.merchantId, paymentId, form.text('key') || crypto.randomUUID(), body);
        return c.redirect('/console/payments?done=refunded', 303);
      } catch (error) {
        errors = apiErrors(error);
      }
    }
    const payments = await listPayments(p.db, c.var.merchantId, 25);
    const message = Object.entries(errors)
      .map(([field, text]) => (field === 'form' ? text : `${field}: ${text}`))
      .join('; ');
    return c.html(paymentsPage((await shopOf(c)).name, payments, { error: { paymentId, message } }), 422);
  });

  const loyalty = async (
    c: Context<Env>,
    forms: Partial<Parameters<typeof loyaltyPage>[2]> = {},
    status: ContentfulStatusCode = 200,
  ) => {
    const db = c.var.platform.db;
    const [campaigns, points] = await Promise.all([
      merchantCampaigns(db, c.var.merchantId),
      pointsProgram(db, c.var.merchantId),
    ]);
    const page = loyaltyPage(
      (await shopOf(c)).name,
      { campaigns: campaigns.items, ...points },
      {
        campaign: forms.campaign ?? emptyForm({ currency: 'CNY', perUserLimit: '1' }),
        points:
          forms.points ??
          emptyForm({ pointsPerUnit: String(points.pointsPerUnit), pointValue: String(points.pointValue) }),
        notice: notice(c),
      },
    );
    return c.html(page, status);
  };
  shop.get('/loyalty', (c) => loyalty(c));
  shop.post('/loyalty/campaigns', async (c) => {
    const form = await FormInput.of(c.req);
    const currency = form.text('currency') || 'CNY';
    const percent = form.text('kind') === 'percent_off';
    const body = form.check(CouponCampaignBody, {
      title: form.text('title'),
      kind: form.text('kind'),
      value: percent ? form.integer('value') : form.money('value', currency),
      cap: form.money('cap', currency),
      minSpend: form.money('minSpend', currency),
      currency,
      validUntil: form.endOfDay('validUntil'),
      quantity: form.integer('quantity'),
      perUserLimit: form.integer('perUserLimit'),
    });
    if (!body) return loyalty(c, { campaign: form }, 422);
    try {
      await createCampaign(c.var.platform, c.var.merchantId, body);
    } catch (error) {
      return loyalty(c, { campaign: { values: form.values, errors: apiErrors(error) } }, 422);
    }
    return c.redirect('/console/loyalty?done=campaign', 303);
  });
  shop.post('/loyalty/points', async (c) => {
    const form = await FormInput.of(c.req);
    const body = form.check(PointsProgramBody, {
      pointsPerUnit: form.integer('pointsPerUnit'),
      pointValue: form.integer('pointValue') ?? 0,
    });
    if (!body) return loyalty(c, { points: form }, 422);
    await setPointsProgram(c.var.platform.db, c.var.merchantId, body);
    return c.redirect('/console/loyalty?done=points', 303);
  });

  const messages = async (c: Context<Env>, form = emptyForm(), status: ContentfulStatusCode = 200) => {
    const sent = await sentMessages(c.var.platform.db, c.var.merchantId);
    const sentTo = c.req.query('sent');
    const done = sentTo === undefined ? undefined : `Sent to ${sentTo} subscriber${sentTo === '1' ? '' : 's'}.`;
    return c.html(messagesPage((await shopOf(c)).name, sent, form, done), status);
  };
  shop.get('/messages', (c) => messages(c));
  shop.post('/messages', async (c) => {
    const form = await FormInput.of(c.req);
    const body = form.check(MerchantMessageBody, { text: form.text('text'), link: form.optional('link') });
    if (!body) return messages(c, form, 422);
    try {
      const posted = await postMessage(c.var.platform, c.var.merchantId, body);
      return c.redirect(`/console/messages?sent=${posted.subscribers}`, 303);
    } catch (error) {
      return messages(c, { values: form.values, errors: apiErrors(error) }, 422);
    }
  });

  const payouts = async (
    c: Context<Env>,
    forms: { bank?: FormInput; statement?: FormInput } = {},
    status: ContentfulStatusCode = 200,
  ) => {
    const db = c.var.platform.db;
    const [balances, bank, list] = await Promise.all([
      merchantBalance(db, c.var.merchantId),
      bankAccount(db, c.var.merchantId),
      listPayouts(db, c.var.merchantId),
    ]);
    const page = payoutsPage(
      (await shopOf(c)).name,
      { balances: balances.items, bank, payouts: list.items },
      { bank: forms.bank ?? emptyForm(), statement: forms.statement ?? emptyForm(), notice: notice(c) },
    );
    return c.html(page, status);
  };
  shop.get('/payouts', (c) => payouts(c));
  shop.post('/payouts/bank-account', async (c) => {
    const form = await FormInput.of(c.req);
    const body = form.check(BankAccountBody, {
      holder: form.text('holder'),
      accountNumber: form.text('accountNumber').replace(/\s/g, ''),
    });
    if (!body) return payouts(c, { bank: form }, 422);
    await setBankAccount(c.var.platform.db, c.var.merchantId, body);
    return c.redirect('/console/payouts?done=bank', 303);
  });
  shop.get('/payouts/statement.csv', async (c) => {
    const form = new FormInput(c.req.query());
    const from = form.endOfDay('from');
    const to = form.endOfDay('to');
    if (!from) form.errors.from ??= 'expected a date';
    if (!to) form.errors.to ??= 'expected a date';
    if (from && to && from > to) form.errors.to ??= 'expected a date on or after From';
    if (Object.keys(form.errors).length || !from || !to) return payouts(c, { statement: form }, 422);
    // Whole days: from the start of From to the end of To.
    const csv = await statementCsv(
      c.var.platform.db,
      c.var.merchantId,
      new Date(`${form.text('from')}T00:00:00Z`),
      new Date(Date.parse(to) + 1000),
    );
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="pouch-statement-${form.text('from')}-${form.text('to')}.csv"`,
    });
  });

  shop.get('/keys', async (c) => {
    const db = c.var.platform.db;
    const [row, keys, deliveries] = await Promise.all([
      shopOf(c),
      db.selectFrom('merchant_keys').select('kid').where('merchant_id', '=', c.var.merchantId).execute(),
      listDeliveries(db, c.var.merchantId),
    ]);
    return c.html(
      keysPage(row.name, {
        merchantId: row.id,
        origins: row.origins,
        webhookUrl: row.webhook_url,
        kids: keys.map((k) => k.kid),
        deliveries: deliveries.items.slice(0, 20),
      }),
    );
  });

  app.route('/console', shop);
  return app;
}

import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { BankAccountBodySchema, DeclineRefundRequestBodySchema } from '../../protocol/api';
import type { Env } from '../context';
import { ApiError } from '../api-error';
import { listPayments } from '../payments/payment-view';
import { bankAccount, confirmBankAccount, proposedBankAccounts, setBankAccount } from '../settlement/bank-account';
import { listPayouts, merchantBalance, statementCsv } from '../settlement/settlement';
import { FormInput } from './form';
import { filterRefused, readPaymentFilter } from './payment-filter';
import { CSV_LIMIT, paymentsCsv } from './payments-csv';
import { failedSignInsBefore, passwordMatches } from './session';
import { notice, SESSION_COOKIE, shopOf, signedIn } from './http';
import { needsAttention } from './attention';
import { declineRefundRequest } from '../payments/escrow';
import type { DeclineRefused } from './views/attention';
import { emptyForm } from './views/layout';
import { paymentsPage } from './views/payments';
import { payoutsPage } from './views/payouts';
import { shopOverview } from './overview';
import { overviewPage } from './views/overview';
import { t } from './i18n/language';

const PAGE = 25;

/** The overview; payments; balance, bank account, payouts and the statement (refunds: refund-routes.ts). */
export function moneyRoutes() {
  const app = new Hono<Env>();
  app.get('/overview', signedIn, (c) => overview(c));
  app.post('/payments/:id/refund-request/decline', signedIn, async (c) => {
    const form = await FormInput.of(c.req);
    const paymentId = c.req.param('id');
    const body = form.check(DeclineRefundRequestBodySchema, { message: form.text('message') });
    if (!form.text('message'))
      form.errors.message = t('Tell the buyer why, in a few words: they read it in their wallet.');
    if (!body || form.errors.message) return overview(c, { paymentId, form }, 422);
    try {
      await declineRefundRequest(c.var.platform, c.var.merchantId, paymentId, body.message);
    } catch (error) {
      // No such payment, or no request to decline any more (answered in another tab).
      if (!(error instanceof ApiError)) throw error;
      form.errors.message = t('This request cannot be declined now.');
      return overview(c, { paymentId, form }, 422);
    }
    return c.redirect('/console/overview?done=declined', 303);
  });
  app.get('/payments', signedIn, async (c) => {
    const { cursor, ...typed } = c.req.query();
    const filter = readPaymentFilter(typed);
    const refused = filterRefused(filter);
    const payments = refused
      ? { items: [], nextCursor: null }
      : await listPayments(c.var.platform.db, c.var.merchantId, PAGE, cursor, filter.filter);
    const page = paymentsPage((await shopOf(c)).name, payments, { notice: notice(c), filter });
    return c.html(page, refused ? 422 : 200);
  });
  app.get('/payments.csv', signedIn, async (c) => {
    const filter = readPaymentFilter(c.req.query());
    const csv = filterRefused(filter) ? null : await paymentsCsv(c.var.platform.db, c.var.merchantId, filter.filter);
    if (csv === null) {
      filter.form.errors.form ??= t('More than {n} payments match: choose fewer days.', { n: CSV_LIMIT });
      const page = paymentsPage((await shopOf(c)).name, { items: [], nextCursor: null }, { filter });
      return c.html(page, 422);
    }
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="pouch-payments.csv"',
    });
  });
  /** The home page: what waits on the shop, then the last 30 days. */
  const overview = async (c: Context<Env>, declineRefused?: DeclineRefused, status: ContentfulStatusCode = 200) => {
    const { db, now } = c.var.platform;
    const [days, attention, failedSignIns, shop] = await Promise.all([
      shopOverview(db, c.var.merchantId, now()),
      needsAttention(db, c.var.merchantId, now()),
      failedSignInsBefore(db, getCookie(c, SESSION_COOKIE) ?? ''),
      shopOf(c),
    ]);
    const state = { attention, failedSignIns, notice: notice(c), declineRefused };
    return c.html(overviewPage(shop.name, days, state), status);
  };

  const payouts = async (
    c: Context<Env>,
    forms: { bank?: FormInput; statement?: FormInput; confirm?: FormInput & { confirmationId: string } } = {},
    status: ContentfulStatusCode = 200,
  ) => {
    const db = c.var.platform.db;
    const [balances, bank, proposed, list] = await Promise.all([
      merchantBalance(db, c.var.merchantId),
      bankAccount(db, c.var.merchantId),
      proposedBankAccounts(db, c.var.merchantId, c.var.platform.now()),
      listPayouts(db, c.var.merchantId),
    ]);
    const page = payoutsPage(
      (await shopOf(c)).name,
      { balances: balances.items, bank, proposed, payouts: list.items },
      {
        bank: forms.bank ?? emptyForm(),
        statement: forms.statement ?? emptyForm(),
        confirm: forms.confirm,
        notice: notice(c),
      },
    );
    return c.html(page, status);
  };
  app.get('/payouts', signedIn, (c) => payouts(c));
  app.post('/payouts/bank-account', signedIn, async (c) => {
    const form = await FormInput.of(c.req);
    const body = form.check(BankAccountBodySchema, {
      holder: form.text('holder'),
      accountNumber: form.text('accountNumber').replace(/\s/g, ''),
    });
    if (!body) return payouts(c, { bank: form }, 422);
    // Changing where the money goes takes the console password again; the first account does not.
    const current = await bankAccount(c.var.platform.db, c.var.merchantId);
    if (current && !(await passwordMatches(c.var.platform.db, c.var.merchantId, form.values.password ?? ''))) {
      form.errors.password = t('expected your console password, to change where payouts go');
      return payouts(c, { bank: form }, 422);
    }
    await setBankAccount(c.var.platform, c.var.merchantId, body);
    return c.redirect('/console/payouts?done=bank', 303);
  });
  app.post('/payouts/bank-account/confirm', signedIn, async (c) => {
    const form = await FormInput.of(c.req);
    const confirmationId = form.text('confirmationId');
    const refused = Object.assign(form, { confirmationId });
    if (!(await passwordMatches(c.var.platform.db, c.var.merchantId, form.values.password ?? ''))) {
      form.errors.password = t('expected your console password, to confirm where payouts go');
      return payouts(c, { confirm: refused }, 422);
    }
    try {
      await confirmBankAccount(c.var.platform, c.var.merchantId, confirmationId);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      form.errors.form = error.detail;
      return payouts(c, { confirm: refused }, 422);
    }
    return c.redirect('/console/payouts?done=bank', 303);
  });
  app.get('/payouts/statement.csv', signedIn, async (c) => {
    const form = new FormInput(c.req.query());
    const from = form.endOfDay('from');
    const to = form.endOfDay('to');
    if (!from) form.errors.from ??= t('expected a date');
    if (!to) form.errors.to ??= t('expected a date');
    if (from && to && from > to) form.errors.to ??= t('expected a date on or after From');
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
  return app;
}

import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Env } from '../context';
import { ApiError } from '../api-error';
import { fieldOf, type FieldErrors } from './form';
import { consoleMerchant } from './session';
import { t } from './i18n/language';
import { TEST_EVENTS_PER_HOUR } from '../webhooks/test-event';

export const SESSION_COOKIE = 'pouch_console';

/** Console forms post only from console pages: the browser's Origin header must be this server's. */
export const sameOrigin = createMiddleware<Env>(async (c, next) => {
  if (c.req.method === 'POST') {
    const referer = c.req.header('referer');
    const origin = c.req.header('origin') ?? (referer && new URL(referer).origin);
    if (origin !== new URL(c.req.url).origin) return c.text(t('Forms must be sent from the console itself.'), 403);
  }
  await next();
});

/** Console pages need a signed-in merchant; the cookie holds a session token, never the API key. */
export const signedIn = createMiddleware<Env>(async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE);
  const merchantId = token ? await consoleMerchant(c.var.platform.db, token, c.var.platform.now()) : null;
  if (!merchantId) return c.redirect('/console/sign-in', 303);
  c.set('merchantId', merchantId);
  c.header('cache-control', 'no-store');
  await next();
});

export function startSession(c: Context<Env>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/console',
    secure: new URL(c.req.url).protocol === 'https:',
    maxAge: 12 * 3600,
  });
}

/** The signed-in merchant's shop. */
export function shopOf(c: Context<Env>) {
  return c.var.platform.db
    .selectFrom('merchants')
    .select(['id', 'name', 'webhook_url'])
    .where('id', '=', c.var.merchantId)
    .executeTakeFirstOrThrow();
}

/** A refusal from the platform's own rules, placed on the fields it names. */
export function apiErrors(error: unknown): FieldErrors {
  if (!(error instanceof ApiError)) throw error;
  const errors: FieldErrors = {};
  for (const issue of error.issues ?? []) errors[fieldOf(issue.field.split('.'))] ??= issue.expected;
  if (Object.keys(errors).length === 0) errors.form = error.detail;
  return errors;
}

/** What each saved form's next page says, in the page's language. */
const notices = (): Record<string, string> => ({
  refunded: t('Refund sent. The shopper gets the money back where it came from.'),
  verified: t('Origin verified: Pouch now pays checkouts there.'),
  'origin-added': t('Origin added. Serve the file shown beside it, then press Verify.'),
  'webhook-url': t('Webhook URL saved: events from now on go there.'),
  'test-sent': t('Test event queued: it shows below as webhook.test, with what your server answered.'),
  'test-limited': t('Test events are limited to {n} an hour: try again later.', { n: TEST_EVENTS_PER_HOUR }),
  resent: t('Sent again: the delivery is back in the queue, due now.'),
  answered: t('Answer sent: the shopper reads it in their wallet’s messages.'),
  declined: t('Refund request declined. The buyer reads your answer in their wallet; the money stays held.'),
  campaign: t('Campaign created: shoppers see it as an offer.'),
  points: t('Points program saved.'),
  'campaign-pause': t('Campaign paused: shoppers cannot claim its coupons until you resume it.'),
  'campaign-resume': t('Campaign resumed: shoppers see it as an offer again.'),
  'campaign-end': t('Campaign ended: no new claims. Coupons already claimed stay usable until their date.'),
  bank: t('Bank account saved.'),
  'agreement-ended': t(
    'Agreement ended: nothing more can be charged under it. The shopper’s wallet shows it as cancelled.',
  ),
});

/** What the page after a successful form says (`?done=…`, set by the redirect). */
export const notice = (c: Context<Env>): string | undefined => notices()[c.req.query('done') ?? ''];

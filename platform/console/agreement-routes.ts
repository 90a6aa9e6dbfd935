import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AGREEMENT_STATES, type AgreementView } from '../../protocol/api';
import { cancelAgreement, shopAgreements, sideAgreement, agreementView } from '../agreements/agreements';
import { ApiError } from '../api-error';
import type { Env } from '../context';
import { listPayments } from '../payments/payment-view';
import { FormInput, type FieldErrors } from './form';
import { notice, shopOf, signedIn } from './http';
import { t } from './i18n/language';
import { agreementNotFoundPage, agreementPage, agreementsPage } from './views/agreements';

const PAGE = 25;
/** The charges an agreement's page lists, newest first; the payments page has every one. */
const CHARGES_SHOWN = 50;

const isState = (value: string): value is AgreementView['state'] =>
  (AGREEMENT_STATES as readonly string[]).includes(value);

/** The shop's auto-pay agreements: the list, one agreement with its charges, and ending one. */
export function agreementRoutes() {
  const app = new Hono<Env>();
  app.get('/agreements', signedIn, async (c) => {
    const { state = '', cursor } = c.req.query();
    const shop = await shopOf(c);
    if (state && !isState(state)) {
      const page = agreementsPage(shop.name, { items: [], nextCursor: null }, { state, error: t('Choose a status.') });
      return c.html(page, 422);
    }
    const only = isState(state) ? { state } : {};
    const list = await shopAgreements(c.var.platform, c.var.merchantId, { limit: PAGE, cursor, ...only });
    return c.html(agreementsPage(shop.name, list, { state }));
  });
  app.get('/agreements/:id', signedIn, (c) => agreement(c, { notice: notice(c) }));
  app.post('/agreements/:id/cancel', signedIn, async (c) => {
    const form = await FormInput.of(c.req);
    if (form.text('confirm') !== 'yes')
      return agreement(
        c,
        { errors: { confirm: t('Tick the box first: an ended agreement cannot start again.') } },
        422,
      );
    try {
      await cancelAgreement(c.var.platform, { merchantId: c.var.merchantId }, c.req.param('id'));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return c.html(agreementNotFoundPage((await shopOf(c)).name), 404);
    }
    return c.redirect(`/console/agreements/${encodeURIComponent(c.req.param('id'))}?done=agreement-ended`, 303);
  });
  return app;
}

/** One of the shop's agreements with its latest charges; not found when it is another shop's. */
async function agreement(
  c: Context<Env>,
  state: { notice?: string; errors?: FieldErrors },
  status: ContentfulStatusCode = 200,
) {
  const p = c.var.platform;
  const shop = await shopOf(c);
  const id = c.req.param('id') ?? '';
  let view: AgreementView;
  try {
    view = await agreementView(p.db, await sideAgreement(p.db, { merchantId: c.var.merchantId }, id), p.now());
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return c.html(agreementNotFoundPage(shop.name), 404);
  }
  const charges = await listPayments(p.db, c.var.merchantId, CHARGES_SHOWN, undefined, { agreementId: id });
  return c.html(agreementPage(shop.name, { agreement: view, charges: charges.items }, state), status);
}

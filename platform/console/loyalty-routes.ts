import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { CouponCampaignBodySchema, MerchantMessageBodySchema, PointsProgramBodySchema } from '../../protocol/api';
import type { Env } from '../context';
import { formatMajorUnits } from '../../protocol/money-format';
import { changeCampaign, createCampaign, merchantCampaigns } from '../loyalty/coupons';
import { postMessage, sentMessages } from '../loyalty/news';
import { pointsProgram, setPointsProgram } from '../loyalty/points';
import { FormInput } from './form';
import { apiErrors, notice, shopOf, signedIn } from './http';
import { emptyForm } from './views/layout';
import { loyaltyPage } from './views/loyalty';
import { messagesPage } from './views/messages';
import { t } from './i18n/language';

/** Coupon campaigns, the points program, and messages to subscribers. */
export function loyaltyRoutes() {
  const app = new Hono<Env>();
  const loyalty = async (
    c: Context<Env>,
    forms: Partial<Parameters<typeof loyaltyPage>[2]> = {},
    status: ContentfulStatusCode = 200,
  ) => {
    const db = c.var.platform.db;
    const [campaigns, points] = await Promise.all([
      merchantCampaigns(db, c.var.merchantId, c.var.platform.now()),
      pointsProgram(db, c.var.merchantId),
    ]);
    const page = loyaltyPage(
      (await shopOf(c)).name,
      { campaigns: campaigns.items, ...points },
      {
        campaign: forms.campaign ?? emptyForm({ currency: 'CNY', perUserLimit: '1' }),
        points:
          forms.points ??
          emptyForm({
            pointsPerUnit: String(points.pointsPerUnit),
            pointValue: formatMajorUnits({ amount: points.pointValue, currency: 'CNY' }),
          }),
        notice: notice(c),
      },
    );
    return c.html(page, status);
  };
  app.get('/loyalty', signedIn, (c) => loyalty(c));
  app.post('/loyalty/campaigns', signedIn, async (c) => {
    const form = await FormInput.of(c.req);
    const currency = form.text('currency') || 'CNY';
    const kind = form.text('kind');
    const percent = kind === 'percent_off';
    // The form shows only the fields the kind uses; one typed before the kind changed is not sent.
    const body = form.check(CouponCampaignBodySchema, {
      title: form.text('title'),
      kind,
      value: percent ? form.integer('value') : form.money('value', currency),
      cap: percent ? form.money('cap', currency) : undefined,
      minSpend: kind === 'threshold' ? form.money('minSpend', currency) : undefined,
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
  app.post('/loyalty/campaigns/:id/:step{pause|resume|end}', signedIn, async (c) => {
    const step = c.req.param('step') as 'pause' | 'resume' | 'end';
    await changeCampaign(c.var.platform, c.var.merchantId, c.req.param('id'), step);
    return c.redirect(`/console/loyalty?done=campaign-${step}`, 303);
  });
  app.post('/loyalty/points', signedIn, async (c) => {
    const form = await FormInput.of(c.req);
    const body = form.check(PointsProgramBodySchema, {
      pointsPerUnit: form.integer('pointsPerUnit'),
      pointValue: form.money('pointValue', 'CNY') ?? 0,
    });
    if (!body) return loyalty(c, { points: form }, 422);
    await setPointsProgram(c.var.platform.db, c.var.merchantId, body);
    return c.redirect('/console/loyalty?done=points', 303);
  });

  const messages = async (c: Context<Env>, form = emptyForm(), status: ContentfulStatusCode = 200) => {
    const sent = await sentMessages(c.var.platform.db, c.var.merchantId);
    const sentTo = c.req.query('sent');
    const done =
      sentTo === undefined
        ? undefined
        : sentTo === '1'
          ? t('Sent to 1 subscriber.')
          : t('Sent to {n} subscribers.', { n: sentTo });
    return c.html(messagesPage((await shopOf(c)).name, sent, form, done), status);
  };
  app.get('/messages', signedIn, (c) => messages(c));
  app.post('/messages', signedIn, async (c) => {
    const form = await FormInput.of(c.req);
    const body = form.check(MerchantMessageBodySchema, { text: form.text('text'), link: form.optional('link') });
    if (!body) return messages(c, form, 422);
    try {
      const posted = await postMessage(c.var.platform, c.var.merchantId, body);
      return c.redirect(`/console/messages?sent=${posted.subscribers}`, 303);
    } catch (error) {
      return messages(c, { values: form.values, errors: apiErrors(error) }, 422);
    }
  });
  return app;
}

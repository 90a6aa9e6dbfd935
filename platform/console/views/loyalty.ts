import { html } from 'hono/html';
import type { CouponCampaignView } from '../../../protocol/api';
import { language, t } from '../i18n/language';
import { consoleLayout, field, formAlert, money, type Form, utcDay } from './layout';

const CURRENCIES = ['CNY', 'HKD', 'USD', 'EUR', 'JPY'];

/** Each currency by its name in the page's language, with its code ("人民币 (CNY)"). */
const currencyChoices = (): [string, string][] => {
  const names = new Intl.DisplayNames(language(), { type: 'currency' });
  return CURRENCIES.map((code) => [code, `${names.of(code) ?? code} (${code})`]);
};

type Campaign = CouponCampaignView;

const stateWords = (): Record<Campaign['state'], string> => ({
  scheduled: t('Starts later'),
  running: t('Running'),
  paused: t('Paused'),
  ended: t('Ended'),
  sold_out: t('All claimed'),
  expired: t('Expired'),
});

/** What the shop can do with a campaign in its state: pause a running one, resume a paused one, end either. */
function campaignSteps(c: Campaign) {
  const steps: ['pause' | 'resume' | 'end', string, string][] = [];
  if (c.state === 'running' || c.state === 'scheduled' || c.state === 'sold_out')
    steps.push(['pause', t('Pause'), t('Pause {title}', { title: c.title })]);
  if (c.state === 'paused') steps.push(['resume', t('Resume'), t('Resume {title}', { title: c.title })]);
  if (c.state !== 'ended' && c.state !== 'expired') steps.push(['end', t('End'), t('End {title}', { title: c.title })]);
  return steps.map(
    ([step, label, name]) =>
      html`<form method="post" action="/console/loyalty/campaigns/${c.id}/${step}" class="inline-step">
        <button class="small ${step === 'end' ? 'secondary' : ''}" type="submit" aria-label="${name}">${label}</button>
      </form>`,
  );
}

function describe(c: Campaign): string {
  const amount = (value: number) => money({ amount: value, currency: c.currency });
  const off =
    c.kind === 'percent_off'
      ? c.cap
        ? t('{percent}% off, at most {cap}', { percent: c.value, cap: amount(c.cap) })
        : t('{percent}% off', { percent: c.value })
      : t('{amount} off', { amount: amount(c.value) });
  return c.minSpend ? t('{off} on {spend} or more', { off, spend: amount(c.minSpend) }) : off;
}

export function loyaltyPage(
  shopName: string,
  data: { campaigns: Campaign[]; pointsPerUnit: number; pointValue: number },
  forms: { campaign: Form; points: Form; notice?: string },
) {
  return consoleLayout(
    t('Coupons & points'),
    html`<h1>${t('Coupons & points')}</h1>
      ${forms.notice ? html`<p class="notice" role="status">${forms.notice}</p>` : ''}
      <section>
        <h2>${t('Coupon campaigns')}</h2>
        ${
          data.campaigns.length === 0
            ? html`<p class="muted">
                ${t('No campaigns yet. Shoppers see running campaigns as offers in their Pouch popup.')}
              </p>`
            : html`<table data-testid="campaigns">
                <thead>
                  <tr>
                    <th>${t('Title')}</th>
                    <th>${t('Saving')}</th>
                    <th>${t('Until (UTC)')}</th>
                    <th>${t('State')}</th>
                    <th class="num">${t('Claimed')}</th>
                    <th class="num">${t('Used')}</th>
                    <th class="num">${t('Per shopper')}</th>
                    <th><span class="visually-hidden">${t('Pause, resume or end')}</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${data.campaigns.map(
                    (c) =>
                      html`<tr>
                        <td><bdi>${c.title}</bdi></td>
                        <td>${describe(c)}</td>
                        <td class="when">${utcDay(c.validUntil)}</td>
                        <td>${stateWords()[c.state]}</td>
                        <td class="num">${c.claimedCount ?? c.quantity - c.remaining} / ${c.quantity}</td>
                        <td class="num">${c.redeemedCount ?? 0}</td>
                        <td class="num">${c.perUserLimit}</td>
                        <td class="steps">${campaignSteps(c)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
        }
        <p class="hint">
          ${t(
            'Pause stops new claims until you resume; End stops them for good. Coupons already claimed stay usable until their date either way.',
          )}
        </p>
        <h2>${t('New campaign')}</h2>
        ${formAlert(forms.campaign.errors)}
        <form method="post" action="/console/loyalty/campaigns" class="campaign" novalidate>
          ${field(t('Title'), 'title', forms.campaign, {
            required: true,
            hint: t('What shoppers read, such as "¥20 off ¥100".'),
          })}
          ${field(t('Kind'), 'kind', forms.campaign, {
            options: [
              ['amount_off', t('Amount off')],
              ['percent_off', t('Percent off')],
              ['threshold', t('Spend threshold (spend X, save Y)')],
            ],
          })}
          ${field(t('Currency'), 'currency', forms.campaign, { options: currencyChoices() })}
          ${field(t('Value'), 'value', forms.campaign, {
            required: true,
            hint: t('The amount off (such as 20.00), or the percentage for percent off (such as 15).'),
          })}
          <div class="for-percent">
            ${field(t('Cap'), 'cap', forms.campaign, {
              hint: t('The most one coupon saves (such as 50.00); empty: no cap.'),
            })}
          </div>
          <div class="for-threshold">
            ${field(t('Minimum spend'), 'minSpend', forms.campaign, {
              hint: t('What the order must reach (such as 100.00), above the amount off.'),
            })}
          </div>
          ${field(t('Valid until'), 'validUntil', forms.campaign, { type: 'date', required: true })}
          ${field(t('Quantity'), 'quantity', forms.campaign, { type: 'number', required: true, attrs: 'min="1"' })}
          ${field(t('Per shopper'), 'perUserLimit', forms.campaign, { type: 'number', attrs: 'min="1" max="100"' })}
          <button type="submit">${t('Create campaign')}</button>
        </form>
      </section>
      <section>
        <h2>${t('Points program')}</h2>
        <p>
          ${
            data.pointsPerUnit
              ? data.pointsPerUnit === 1
                ? t('Shoppers earn 1 point per yuan paid.')
                : t('Shoppers earn {n} points per yuan paid.', { n: data.pointsPerUnit })
              : t('No points program: shoppers earn no points at your shop.')
          }
          ${
            data.pointValue
              ? t('Shoppers can spend points: each takes {value} off, up to half of an order.', {
                  value: money({ amount: data.pointValue, currency: 'CNY' }),
                })
              : t('Shoppers cannot spend points at your shop.')
          }
        </p>
        ${formAlert(forms.points.errors)}
        <form method="post" action="/console/loyalty/points">
          ${field(t('Points per yuan'), 'pointsPerUnit', forms.points, {
            type: 'number',
            required: true,
            attrs: 'min="0" max="1000"',
            hint: t('0 ends the program.'),
          })}
          ${field(t('Point value (CNY)'), 'pointValue', forms.points, {
            attrs: 'inputmode="decimal"',
            hint: t('What one spent point takes off an order, such as 0.01. 0: points cannot be spent.'),
          })}
          <button type="submit">${t('Save points program')}</button>
        </form>
      </section>`,
    { name: shopName, page: 'loyalty' },
  );
}

import { html } from 'hono/html';
import type { CouponCampaignView } from '../../../protocol/api';
import { consoleLayout, field, formAlert, money, type Form } from './layout';

const CURRENCIES = ['CNY', 'HKD', 'USD', 'EUR', 'JPY'];

type Campaign = CouponCampaignView;

const STATE_WORDS: Record<Campaign['state'], string> = {
  scheduled: 'Starts later',
  running: 'Running',
  paused: 'Paused',
  ended: 'Ended',
  sold_out: 'All claimed',
  expired: 'Expired',
};

/** What the shop can do with a campaign in its state: pause a running one, resume a paused one, end either. */
function campaignSteps(c: Campaign) {
  const steps: ['pause' | 'resume' | 'end', string][] = [];
  if (c.state === 'running' || c.state === 'scheduled' || c.state === 'sold_out') steps.push(['pause', 'Pause']);
  if (c.state === 'paused') steps.push(['resume', 'Resume']);
  if (c.state !== 'ended' && c.state !== 'expired') steps.push(['end', 'End']);
  return steps.map(
    ([step, label]) =>
      html`<form method="post" action="/console/loyalty/campaigns/${c.id}/${step}" class="inline-step">
        <button class="small ${step === 'end' ? 'secondary' : ''}" type="submit" aria-label="${label} ${c.title}">
          ${label}
        </button>
      </form>`,
  );
}

function describe(c: Campaign): string {
  const off =
    c.kind === 'percent_off'
      ? `${c.value}% off${c.cap ? `, at most ${money({ amount: c.cap, currency: c.currency })}` : ''}`
      : `${money({ amount: c.value, currency: c.currency })} off`;
  return c.minSpend ? `${off} on ${money({ amount: c.minSpend, currency: c.currency })} or more` : off;
}

export function loyaltyPage(
  shopName: string,
  data: { campaigns: Campaign[]; pointsPerUnit: number; pointValue: number },
  forms: { campaign: Form; points: Form; notice?: string },
) {
  return consoleLayout(
    'Coupons & points',
    html`<h1>Coupons & points</h1>
      ${forms.notice ? html`<p class="notice" role="status">${forms.notice}</p>` : ''}
      <section>
        <h2>Coupon campaigns</h2>
        ${
          data.campaigns.length === 0
            ? html`<p class="muted">
                No campaigns yet. Shoppers see running campaigns as offers in their Pouch popup.
              </p>`
            : html`<table data-testid="campaigns">
                <thead>
                  <tr>
                    <th>Title</th>
                    <th>Saving</th>
                    <th>Until (UTC)</th>
                    <th>State</th>
                    <th class="num">Claimed</th>
                    <th class="num">Used</th>
                    <th class="num">Per shopper</th>
                    <th><span class="visually-hidden">Pause, resume or end</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${data.campaigns.map(
                    (c) =>
                      html`<tr>
                        <td>${c.title}</td>
                        <td>${describe(c)}</td>
                        <td>${c.validUntil.slice(0, 10)}</td>
                        <td>${STATE_WORDS[c.state]}</td>
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
          Pause stops new claims until you resume; End stops them for good. Coupons already claimed stay usable until
          their date either way.
        </p>
        <h2>New campaign</h2>
        ${formAlert(forms.campaign.errors)}
        <form method="post" action="/console/loyalty/campaigns" class="campaign" novalidate>
          ${field('Title', 'title', forms.campaign, { required: true, hint: 'What shoppers read, such as "¥20 off ¥100".' })}
          ${field('Kind', 'kind', forms.campaign, {
            options: [
              ['amount_off', 'Amount off'],
              ['percent_off', 'Percent off'],
              ['threshold', 'Spend threshold (spend X, save Y)'],
            ],
          })}
          ${field('Currency', 'currency', forms.campaign, { options: CURRENCIES.map((c) => [c, c]) })}
          ${field('Value', 'value', forms.campaign, {
            required: true,
            hint: 'The amount off (such as 20.00), or the percentage for percent off (such as 15).',
          })}
          <div class="for-percent">
            ${field('Cap', 'cap', forms.campaign, { hint: 'The most one coupon saves (such as 50.00); empty: no cap.' })}
          </div>
          <div class="for-threshold">
            ${field('Minimum spend', 'minSpend', forms.campaign, {
              hint: 'What the order must reach (such as 100.00), above the amount off.',
            })}
          </div>
          ${field('Valid until', 'validUntil', forms.campaign, { type: 'date', required: true })}
          ${field('Quantity', 'quantity', forms.campaign, { type: 'number', required: true, attrs: 'min="1"' })}
          ${field('Per shopper', 'perUserLimit', forms.campaign, { type: 'number', attrs: 'min="1" max="100"' })}
          <button type="submit">Create campaign</button>
        </form>
      </section>
      <section>
        <h2>Points program</h2>
        <p>
          ${
            data.pointsPerUnit
              ? `Shoppers earn ${data.pointsPerUnit} point${data.pointsPerUnit === 1 ? '' : 's'} per yuan paid.`
              : 'No points program: shoppers earn no points at your shop.'
          }
          ${
            data.pointValue
              ? `Shoppers can spend points: each takes ${money({ amount: data.pointValue, currency: 'CNY' })} off, up to half of an order.`
              : 'Shoppers cannot spend points at your shop.'
          }
        </p>
        ${formAlert(forms.points.errors)}
        <form method="post" action="/console/loyalty/points">
          ${field('Points per yuan', 'pointsPerUnit', forms.points, {
            type: 'number',
            required: true,
            attrs: 'min="0" max="1000"',
            hint: '0 ends the program.',
          })}
          ${field('Point value (CNY)', 'pointValue', forms.points, {
            attrs: 'inputmode="decimal"',
            hint: 'What one spent point takes off an order, such as 0.01. 0: points cannot be spent.',
          })}
          <button type="submit">Save points program</button>
        </form>
      </section>`,
    { name: shopName, page: 'loyalty' },
  );
}

import { html } from 'hono/html';
import { consoleLayout, field, formAlert, money, type Form } from './layout';

const CURRENCIES = ['CNY', 'HKD', 'USD', 'EUR', 'JPY'];

interface Campaign {
  id: string;
  title: string;
  kind: 'amount_off' | 'percent_off' | 'threshold';
  value: number;
  cap?: number;
  minSpend: number;
  currency: string;
  validUntil: string;
  quantity: number;
  remaining: number;
  perUserLimit: number;
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
                    <th class="num">Claimed</th>
                    <th class="num">Per shopper</th>
                  </tr>
                </thead>
                <tbody>
                  ${data.campaigns.map(
                    (c) =>
                      html`<tr>
                        <td>${c.title}</td>
                        <td>${describe(c)}</td>
                        <td>${c.validUntil.slice(0, 10)}</td>
                        <td class="num">${c.quantity - c.remaining} / ${c.quantity}</td>
                        <td class="num">${c.perUserLimit}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
        }
        <h2>New campaign</h2>
        ${formAlert(forms.campaign.errors)}
        <form method="post" action="/console/loyalty/campaigns">
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
          ${field('Cap', 'cap', forms.campaign, { hint: 'Percent off only: the most one coupon saves.' })}
          ${field('Minimum spend', 'minSpend', forms.campaign, {
            hint: 'For a spend threshold, above the amount off.',
          })}
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
          ${field('Point value', 'pointValue', forms.points, {
            type: 'number',
            attrs: 'min="0" max="10000"',
            hint: 'What one spent point takes off an order, in fen (1 = ¥0.01). 0: points cannot be spent.',
          })}
          <button type="submit">Save points program</button>
        </form>
      </section>`,
    { name: shopName, page: 'loyalty' },
  );
}

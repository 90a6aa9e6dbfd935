import { html, raw } from 'hono/html';
import type { DailyAmounts, ShopOverview } from '../overview';
import type { Attention } from '../attention';
import { attentionSection, type DeclineRefused } from './attention';
import { t } from '../i18n/language';
import { consoleLayout, money } from './layout';

const WIDTH = 880;
const HEIGHT = 170;
/** Room for the scale's labels, money included (¥20,000.00). */
const LEFT = 96;
const BOTTOM = 22;

interface Chart {
  id: string;
  title: string;
  days: string[];
  values: number[];
  /** How a value reads in labels: a count, or money. */
  format: (value: number) => string;
}

/** A round top for the axis, so the scale reads 0 … 40 rather than 0 … 37. */
function niceMax(max: number): number {
  if (max <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 2.5, 5, 10].map((m) => m * step).find((top) => top >= max)!;
}

/**
 * A bar chart drawn on the server: SVG, no script. Named by its title and summarised for screen
 * readers; each bar carries its day and value as a tooltip.
 */
function barChart(chart: Chart) {
  const top = niceMax(Math.max(...chart.values));
  const plotWidth = WIDTH - LEFT - 8;
  const plotHeight = HEIGHT - BOTTOM - 10;
  const slot = plotWidth / chart.values.length;
  const total = chart.values.reduce((a, b) => a + b, 0);
  const best = chart.values.indexOf(Math.max(...chart.values));
  const summary = t('{title}, last {days} days: {total} in all; highest {best} on {day}.', {
    title: chart.title,
    days: chart.days.length,
    total: chart.format(total),
    best: chart.format(chart.values[best]!),
    day: chart.days[best]!,
  });
  const bars = chart.values.map((value, i) => {
    const h = (value / top) * plotHeight;
    return `<rect x="${(LEFT + i * slot + slot * 0.15).toFixed(1)}" y="${(10 + plotHeight - h).toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${h.toFixed(1)}" rx="2"><title>${chart.days[i]}: ${chart.format(value)}</title></rect>`;
  });
  // The middle line is labelled only where it is a whole count or minor unit (not "0.5 payments").
  const ticks = [0, top / 2, top].map((v) => {
    const y = 10 + plotHeight - (v / top) * plotHeight;
    const label = Number.isInteger(v)
      ? `<text x="${LEFT - 6}" y="${y + 4}" text-anchor="end">${chart.format(v)}</text>`
      : '';
    return `<line x1="${LEFT}" x2="${WIDTH - 8}" y1="${y}" y2="${y}" class="grid"/>${label}`;
  });
  const labels = chart.days
    .map((day, i) =>
      i % 5 === 4 || i === 0
        ? `<text x="${LEFT + i * slot + slot / 2}" y="${HEIGHT - 6}" text-anchor="middle">${day.slice(5)}</text>`
        : '',
    )
    .join('');
  return html`<figure class="chart">
    <figcaption id="${chart.id}-title">${chart.title}</figcaption>
    <svg
      viewBox="0 0 ${WIDTH} ${HEIGHT}"
      role="img"
      aria-labelledby="${chart.id}-title ${chart.id}-desc"
      data-testid="${chart.id}"
    >
      <desc id="${chart.id}-desc">${summary}</desc>
      ${raw(ticks.join(''))}
      <g class="bars">${raw(bars.join(''))}</g>
      ${raw(labels)}
    </svg>
  </figure>`;
}

const count = (value: number) => String(Math.round(value));

/** The last 30 days as figures: the one table the charts draw, for reading or copying. */
function dayTable(overview: ShopOverview) {
  return html`<details>
    <summary>${t('The figures, day by day')}</summary>
    <table>
      <thead>
        <tr>
          <th>${t('Day')}</th>
          <th class="num">${t('Payments')}</th>
          ${overview.amounts.map((a) => html`<th class="num">${t('Paid ({currency})', { currency: a.currency })}</th>`)}
          <th class="num">${t('Coupons redeemed')}</th>
          <th class="num">${t('New subscribers')}</th>
        </tr>
      </thead>
      <tbody>
        ${overview.days.map(
          (day, i) =>
            html`<tr>
              <td>${day}</td>
              <td class="num">${overview.payments[i]}</td>
              ${overview.amounts.map((a) => html`<td class="num">${money({ amount: a.values[i]!, currency: a.currency })}</td>`)}
              <td class="num">${overview.couponsRedeemed[i]}</td>
              <td class="num">${overview.newSubscribers[i]}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </details>`;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const amountChart = (amounts: DailyAmounts, days: string[]) =>
  barChart({
    id: `chart-amount-${amounts.currency}`,
    title: t('Paid per day ({currency})', { currency: amounts.currency }),
    days,
    values: amounts.values,
    format: (value) => money({ amount: Math.round(value), currency: amounts.currency }),
  });

/** Said on the overview after a sign-in that wrong passwords for this console came before. */
const failedSignInsNotice = (count: number) =>
  count === 0
    ? ''
    : html`<p class="alert" role="alert" data-testid="failed-sign-ins">
        ${
          count === 1
            ? t('One wrong password was tried for this console since your last sign-in.')
            : t('{count} wrong passwords were tried for this console since your last sign-in.', { count })
        }
        ${t('If that was not you, someone may be guessing your password.')}
      </p>`;

/** What the console's home shows besides the last 30 days. */
export interface OverviewState {
  attention: Attention;
  failedSignIns?: number;
  notice?: string;
  declineRefused?: DeclineRefused;
}

/** The console's home: what waits on the shop, then how it did over the last 30 days, at a glance. */
export function overviewPage(shopName: string, overview: ShopOverview, state: OverviewState) {
  const { days } = overview;
  const tiles: [string, string][] = [
    [t('Payments'), count(sum(overview.payments))],
    ...overview.amounts.map((a): [string, string] => [
      t('Paid ({currency})', { currency: a.currency }),
      money({ amount: sum(a.values), currency: a.currency }),
    ]),
    [t('Coupons redeemed'), count(sum(overview.couponsRedeemed))],
    [t('New subscribers'), count(sum(overview.newSubscribers))],
  ];
  return consoleLayout(
    t('Overview'),
    html`${failedSignInsNotice(state.failedSignIns ?? 0)}
      ${state.notice ? html`<p class="notice" role="status">${state.notice}</p>` : ''}
      ${attentionSection(state.attention, state.declineRefused)}
      <h1>${t('Last 30 days')}</h1>
      <section>
        <div class="grid" data-testid="totals">
          ${tiles.map(
            ([label, value]) =>
              html`<div>
                <div class="muted">${label}</div>
                <div class="stat">${value}</div>
              </div>`,
          )}
        </div>
      </section>
      <section>
        ${barChart({ id: 'chart-payments', title: t('Payments per day'), days, values: overview.payments, format: count })}
        ${
          overview.amounts.length
            ? overview.amounts.map((a) => amountChart(a, days))
            : html`<p class="muted">
                ${t('No payments in the last 30 days yet: the amounts chart starts with the first.')}
              </p>`
        }
        ${barChart({ id: 'chart-coupons', title: t('Coupons redeemed per day'), days, values: overview.couponsRedeemed, format: count })}
        ${barChart({ id: 'chart-subscribers', title: t('New subscribers per day'), days, values: overview.newSubscribers, format: count })}
        ${dayTable(overview)}
      </section>`,
    { name: shopName, page: 'overview' },
  );
}

import { html } from 'hono/html';
import type { AgreementView, PaymentView } from '../../../protocol/api';
import type { FieldErrors } from '../form';
import { t } from '../i18n/language';
import { consoleLayout, field, formAlert, money, notFoundPage, utcTime, type Form } from './layout';
import { statusWords } from './payment-words';

type AgreementState = AgreementView['state'];

const stateWords = (state: AgreementState) =>
  ({ active: t('Active'), cancelled: t('Cancelled'), ended: t('Ended') })[state];

const stateChoices = (): [string, string][] => [
  ['', t('Any')],
  ['active', t('Active')],
  ['cancelled', t('Cancelled')],
  ['ended', t('Ended')],
];

/** The cap in the period's words: "¥30.00 a month". */
function capPerPeriod(agreement: AgreementView) {
  const amount = money(agreement.cap);
  if (agreement.period === 'week') return t('{amount} a week', { amount });
  if (agreement.period === 'month') return t('{amount} a month', { amount });
  return t('{amount} a year', { amount });
}

/** The list's filter: one state, or any. */
function stateFilter(state: string, error?: string) {
  const form: Form = { values: { state }, errors: error ? { state: error } : {} };
  return html`<form
    method="get"
    action="/console/agreements"
    class="filters narrow"
    aria-label="${t('Find agreements')}"
  >
    <div>${field(t('Status'), 'state', form, { options: stateChoices() })}</div>
    <div class="filter-actions"><button type="submit">${t('Show')}</button></div>
  </form>`;
}

function agreementsTable(items: AgreementView[]) {
  return html`<table data-testid="agreements">
    <thead>
      <tr>
        <th>${t('Since (UTC)')}</th>
        <th>${t('Your reference')}</th>
        <th class="num">${t('Most per period')}</th>
        <th class="num">${t('Used this period')}</th>
        <th>${t('Status')}</th>
        <th>${t('Ends (UTC)')}</th>
      </tr>
    </thead>
    <tbody>
      ${items.map(
        (a) =>
          html`<tr data-state="${a.state}">
            <td class="when">${utcTime(a.createdAt)}</td>
            <td>
              <a href="/console/agreements/${a.id}">${a.reference}</a><br /><span class="muted"
                ><bdi>${a.description}</bdi></span
              >
            </td>
            <td class="num">${capPerPeriod(a)}</td>
            <td class="num">${money(a.spentThisPeriod)}</td>
            <td>${stateWords(a.state)}</td>
            <td class="when">${utcTime(a.endsAt)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** The shop's agreements, newest first, a page at a time, maybe one state only. */
export function agreementsPage(
  shopName: string,
  list: { items: AgreementView[]; nextCursor: string | null },
  filter: { state: string; error?: string },
) {
  const older = new URLSearchParams({ ...(filter.state && { state: filter.state }), cursor: list.nextCursor ?? '' });
  return consoleLayout(
    t('Auto-pay agreements'),
    html`<h1>${t('Auto-pay agreements')}</h1>
      <p class="hint">
        ${t(
          'Shoppers who agreed that you may charge their Pouch balance each period, up to a cap, without their PIN. Charge them through the merchant API:',
        )}
        <code>chargeAgreement</code>
      </p>
      ${stateFilter(filter.state, filter.error)}
      <section>
        ${
          list.items.length === 0
            ? html`<p class="muted">
                ${
                  filter.state
                    ? t('No agreements match.')
                    : t('No agreements yet. A checkout tag in agreement mode offers one to shoppers.')
                }
              </p>`
            : agreementsTable(list.items)
        }
        ${
          list.nextCursor
            ? html`<p><a href="/console/agreements?${older.toString()}">${t('Older agreements')}</a></p>`
            : ''
        }
      </section>`,
    { name: shopName, page: 'agreements' },
  );
}

function facts(agreement: AgreementView) {
  return html`<dl class="facts" data-testid="agreement-facts">
    <dt>${t('What for')}</dt>
    <dd><bdi>${agreement.description}</bdi></dd>
    <dt>${t('Most per period')}</dt>
    <dd>${capPerPeriod(agreement)}</dd>
    <dt>${t('Used this period')}</dt>
    <dd>${money(agreement.spentThisPeriod)}</dd>
    <dt>${t('This period began')}</dt>
    <dd>${utcTime(agreement.periodStart)} UTC</dd>
    <dt>${t('Status')}</dt>
    <dd>${stateWords(agreement.state)}</dd>
    ${
      agreement.cancelledAt
        ? html`<dt>${t('Cancelled on')}</dt>
            <dd>${utcTime(agreement.cancelledAt)} UTC</dd>`
        : ''
    }
    <dt>${t('Since')}</dt>
    <dd>${utcTime(agreement.createdAt)} UTC</dd>
    <dt>${t('Ends')}</dt>
    <dd>${utcTime(agreement.endsAt)} UTC</dd>
    <dt>${t('Agreement id')}</dt>
    <dd><code>${agreement.id}</code></dd>
  </dl>`;
}

function charges(payments: PaymentView[]) {
  if (payments.length === 0) return html`<p class="muted">${t('No charges yet.')}</p>`;
  return html`<table data-testid="agreement-charges">
    <thead>
      <tr>
        <th>${t('When (UTC)')}</th>
        <th>${t('Order')}</th>
        <th class="num">${t('Amount')}</th>
        <th>${t('Status')}</th>
      </tr>
    </thead>
    <tbody>
      ${payments.map(
        (p) =>
          html`<tr>
            <td class="when">${utcTime(p.createdAt)}</td>
            <td><a href="/console/payments/${p.id}">${p.orderId}</a></td>
            <td class="num">${money(p.amount)}</td>
            <td>${statusWords(p).status}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** Ending the agreement, with a box to tick first: nothing more can be charged once it is sent. */
function endForm(agreement: AgreementView, errors: FieldErrors) {
  if (agreement.state !== 'active') return '';
  const error = errors.confirm;
  return html`<section aria-labelledby="end-h">
    <h2 id="end-h">${t('End this agreement')}</h2>
    <form method="post" action="/console/agreements/${agreement.id}/cancel" novalidate>
      ${formAlert(errors)}
      <p class="hint">${t('Nothing more can be charged under it; the shopper’s wallet shows it as cancelled.')}</p>
      <label class="choice">
        <input
          type="checkbox"
          name="confirm"
          value="yes"
          ${error ? html`aria-invalid="true" aria-describedby="f-confirm-error"` : ''}
        />
        ${t('Yes, end this agreement')}
      </label>
      ${error ? html`<p class="field-error" id="f-confirm-error">${error}</p>` : ''}
      <button type="submit" class="danger">${t('End agreement')}</button>
    </form>
  </section>`;
}

/** One agreement: its terms and use, the charges taken under it, and ending it. */
export function agreementPage(
  shopName: string,
  detail: { agreement: AgreementView; charges: PaymentView[] },
  state: { notice?: string; errors?: FieldErrors } = {},
) {
  const { agreement } = detail;
  const title = t('Agreement {reference}', { reference: agreement.reference });
  return consoleLayout(
    title,
    html`<p><a href="/console/agreements">← ${t('Auto-pay agreements')}</a></p>
      <h1>${title}</h1>
      ${state.notice ? html`<p class="notice" role="status">${state.notice}</p>` : ''}
      <section>${facts(agreement)}</section>
      <section aria-labelledby="charges-h">
        <h2 id="charges-h">${t('Charges')}</h2>
        ${charges(detail.charges)}
      </section>
      ${endForm(agreement, state.errors ?? {})}`,
    { name: shopName, page: 'agreements' },
  );
}

/** An agreement id in the path that is not one of the shop's. */
export const agreementNotFoundPage = (shopName: string) =>
  notFoundPage(
    shopName,
    {
      title: t('No such agreement'),
      text: t('This is not one of your shop’s agreements.'),
      back: t('Back to agreements'),
    },
    'agreements',
  );

import { html } from 'hono/html';
import type { z } from 'zod';
import type { PaymentViewSchema } from '../../../protocol/api';
import type { FilterForm } from '../payment-filter';
import { refundable } from '../refund-form';
import { t } from '../i18n/language';
import { consoleLayout, field, money, utcTime } from './layout';
import { statusWords } from './payment-words';

type Payment = z.infer<typeof PaymentViewSchema>;

const statusChoices = (): [string, string][] => [
  ['', t('Any')],
  ['succeeded', t('Paid')],
  ['partially_refunded', t('Partially refunded')],
  ['refunded', t('Refunded')],
];

const emptyWords = (filter: FilterForm) =>
  Object.keys(filter.form.errors).length
    ? t('Fix the search above to see payments.')
    : filter.query
      ? t('No payments match.')
      : t('No payments yet. Put the checkout tag on your page (see Keys & snippet).');

const withCursor = (query: string, cursor: string) =>
  new URLSearchParams([...new URLSearchParams(query), ['cursor', cursor]]).toString();

/** Search by order id, a status and a day range; the download holds what the filter shows. */
function filterForm({ form, query }: FilterForm) {
  const refusal = form.errors.form;
  return html`<form method="get" action="/console/payments" class="filters" aria-label="${t('Find payments')}">
    <div>${field(t('Order id'), 'order', form)}</div>
    <div>${field(t('Status'), 'status', form, { options: statusChoices() })}</div>
    <div>${field(t('From'), 'from', form, { type: 'date' })}</div>
    <div>${field(t('To'), 'to', form, { type: 'date' })}</div>
    <div class="filter-actions">
      <button type="submit">${t('Show')}</button>
      <a href="/console/payments.csv${query ? `?${query}` : ''}" data-testid="payments-csv">${t('Download CSV')}</a>
      ${query ? html`<a href="/console/payments">${t('Clear')}</a>` : ''}
    </div>
    ${refusal ? html`<p class="alert" role="alert">${t(refusal)}</p>` : ''}
  </form>`;
}

/** The payment's state, and where escrowed money stands. */
function statusCell(payment: Payment) {
  const words = statusWords(payment);
  return html`${words.status}${words.escrow ? html`<br /><span class="muted">${words.escrow}</span>` : ''}`;
}

/** A way to the payment's refund, for a payment with money left to give back. */
function refundLink(payment: Payment) {
  if (refundable(payment).amount <= 0) return '';
  return html`<a
    href="/console/payments/${payment.id}/refund"
    aria-label="${t('Refund order {order}', { order: payment.orderId })}"
    >${t('Refund…')}</a
  >`;
}

export function paymentsPage(
  shopName: string,
  payments: { items: Payment[]; nextCursor: string | null },
  state: { notice?: string; filter: FilterForm },
) {
  const { filter } = state;
  return consoleLayout(
    t('Payments'),
    html`<h1>${t('Payments')}</h1>
      ${state.notice ? html`<p class="notice" role="status">${state.notice}</p>` : ''} ${filterForm(filter)}
      <section>
        ${
          payments.items.length === 0
            ? html`<p class="muted">${emptyWords(filter)}</p>`
            : html`<table data-testid="payments">
                <thead>
                  <tr>
                    <th>${t('When (UTC)')}</th>
                    <th>${t('Order')}</th>
                    <th class="num">${t('Amount')}</th>
                    <th class="num">${t('Coupon')}</th>
                    <th>${t('Status')}</th>
                    <th class="num">${t('Refunded')}</th>
                    <th>${t('Refund')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${payments.items.map(
                    (p) =>
                      html`<tr>
                        <td class="when">${utcTime(p.createdAt)}</td>
                        <td>
                          <a href="/console/payments/${p.id}">${p.orderId}</a><br /><span class="muted"
                            ><bdi>${p.label}</bdi></span
                          >
                        </td>
                        <td class="num">${money(p.amount)}</td>
                        <td class="num">${p.discount.amount ? `−${money(p.discount)}` : ''}</td>
                        <td>${statusCell(p)}</td>
                        <td class="num">${p.refunded.amount ? money(p.refunded) : ''}</td>
                        <td>${refundLink(p)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
        }
        ${
          payments.nextCursor
            ? html`<p>
                <a href="/console/payments?${withCursor(filter.query, payments.nextCursor)}">${t('Older payments')}</a>
              </p>`
            : ''
        }
      </section>`,
    { name: shopName, page: 'payments' },
  );
}

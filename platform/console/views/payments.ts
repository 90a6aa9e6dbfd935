import { html } from 'hono/html';
import type { z } from 'zod';
import type { PaymentViewSchema } from '../../../protocol/api';
import type { FilterForm } from '../payment-filter';
import { consoleLayout, field, money, utcTime } from './layout';
import { statusWords } from './payment-words';

type Payment = z.infer<typeof PaymentViewSchema>;

const STATUS_CHOICES: [string, string][] = [
  ['', 'Any'],
  ['succeeded', 'Paid'],
  ['partially_refunded', 'Partially refunded'],
  ['refunded', 'Refunded'],
];

const emptyWords = (filter: FilterForm) =>
  Object.keys(filter.form.errors).length
    ? 'Fix the search above to see payments.'
    : filter.query
      ? 'No payments match.'
      : 'No payments yet. Put the checkout tag on your page (see Keys & snippet).';

const withCursor = (query: string, cursor: string) =>
  new URLSearchParams([...new URLSearchParams(query), ['cursor', cursor]]).toString();

/** Search by order id, a status and a day range; the download holds what the filter shows. */
function filterForm({ form, query }: FilterForm) {
  const refusal = form.errors.form;
  return html`<form method="get" action="/console/payments" class="filters" aria-label="Find payments">
    <div>${field('Order id', 'order', form)}</div>
    <div>${field('Status', 'status', form, { options: STATUS_CHOICES })}</div>
    <div>${field('From', 'from', form, { type: 'date' })}</div>
    <div>${field('To', 'to', form, { type: 'date' })}</div>
    <div class="filter-actions">
      <button type="submit">Show</button>
      <a href="/console/payments.csv${query ? `?${query}` : ''}" data-testid="payments-csv">Download CSV</a>
      ${query ? html`<a href="/console/payments">Clear</a>` : ''}
    </div>
    ${refusal ? html`<p class="alert" role="alert">${refusal}</p>` : ''}
  </form>`;
}

/** The payment's state, and where escrowed money stands. */
function statusCell(payment: Payment) {
  const words = statusWords(payment);
  return html`${words.status}${words.escrow ? html`<br /><span class="muted">${words.escrow}</span>` : ''}`;
}

/** A way to the payment's refund, for a payment with money left to give back. */
function refundLink(payment: Payment) {
  const left = payment.amount.amount - payment.discount.amount - payment.refunded.amount;
  if (left <= 0) return '';
  return html`<a href="/console/payments/${payment.id}/refund" aria-label="Refund order ${payment.orderId}"
    >Refund…</a
  >`;
}

export function paymentsPage(
  shopName: string,
  payments: { items: Payment[]; nextCursor: string | null },
  state: { notice?: string; filter: FilterForm },
) {
  const { filter } = state;
  return consoleLayout(
    'Payments',
    html`<h1>Payments</h1>
      ${state.notice ? html`<p class="notice" role="status">${state.notice}</p>` : ''} ${filterForm(filter)}
      <section>
        ${
          payments.items.length === 0
            ? html`<p class="muted">${emptyWords(filter)}</p>`
            : html`<table data-testid="payments">
                <thead>
                  <tr>
                    <th>When (UTC)</th>
                    <th>Order</th>
                    <th class="num">Amount</th>
                    <th class="num">Coupon</th>
                    <th>Status</th>
                    <th class="num">Refunded</th>
                    <th>Refund</th>
                  </tr>
                </thead>
                <tbody>
                  ${payments.items.map(
                    (p) =>
                      html`<tr>
                        <td class="when">${utcTime(p.createdAt)}</td>
                        <td>
                          <a href="/console/payments/${p.id}">${p.orderId}</a><br /><span class="muted"
                            >${p.label}</span
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
                <a href="/console/payments?${withCursor(filter.query, payments.nextCursor)}">Older payments</a>
              </p>`
            : ''
        }
      </section>`,
    { name: shopName, page: 'payments' },
  );
}

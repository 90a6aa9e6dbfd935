import { html } from 'hono/html';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { PaymentView } from '../../../protocol/api';
import { formatMoney } from '../../../protocol/money-format';
import { consoleLayout } from './layout';

type Payment = z.infer<typeof PaymentView>;

const money = (m: { amount: number; currency: string }) => formatMoney(m, 'en');
const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

function refundForm(payment: Payment, error?: string) {
  const left = payment.amount.amount - payment.discount.amount - payment.refunded.amount;
  if (left <= 0 || !['succeeded', 'partially_refunded'].includes(payment.status)) return '';
  // A fresh idempotency key per rendered form: a double submit refunds once.
  return html`<form class="inline" method="post" action="/console/payments/${payment.id}/refund">
      <input type="hidden" name="key" value="${randomUUID()}" />
      <input
        name="amount"
        aria-label="Refund amount for ${payment.orderId}"
        placeholder="${(left / 100).toFixed(2)}"
        inputmode="decimal"
      />
      <input name="reason" aria-label="Reason for ${payment.orderId}" placeholder="Reason" style="width:130px" />
      <button class="small" type="submit">Refund</button>
    </form>
    ${error ? html`<p class="field-error" role="alert">${error}</p>` : ''}`;
}

export function paymentsPage(
  shopName: string,
  payments: { items: Payment[]; nextCursor: string | null },
  state: { notice?: string; error?: { paymentId: string; message: string } } = {},
) {
  return consoleLayout(
    'Payments',
    html`<h1>Payments</h1>
      ${state.notice ? html`<p class="notice" role="status">${state.notice}</p>` : ''}
      <section>
        ${
          payments.items.length === 0
            ? html`<p class="muted">No payments yet. Put the checkout tag on your page (see Keys & snippet).</p>`
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
                        <td>${when(p.createdAt)}</td>
                        <td>${p.orderId}<br /><span class="muted">${p.label}</span></td>
                        <td class="num">${money(p.amount)}</td>
                        <td class="num">${p.discount.amount ? `−${money(p.discount)}` : ''}</td>
                        <td>
                          ${p.status.replace('_', ' ')}${p.escrow ? html`<br /><span class="muted">escrow ${p.escrow.state}</span>` : ''}
                        </td>
                        <td class="num">${p.refunded.amount ? money(p.refunded) : ''}</td>
                        <td>${refundForm(p, state.error?.paymentId === p.id ? state.error.message : undefined)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
        }
        ${
          payments.nextCursor
            ? html`<p>
                <a href="/console/payments?cursor=${encodeURIComponent(payments.nextCursor)}">Older payments</a>
              </p>`
            : ''
        }
      </section>`,
    { name: shopName, page: 'payments' },
  );
}

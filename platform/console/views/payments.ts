import { html } from 'hono/html';
import type { z } from 'zod';
import type { PaymentViewSchema } from '../../../protocol/api';
import { consoleLayout, money, utcTime } from './layout';

type Payment = z.infer<typeof PaymentViewSchema>;

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
  state: { notice?: string } = {},
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
                        <td>${utcTime(p.createdAt)}</td>
                        <td>${p.orderId}<br /><span class="muted">${p.label}</span></td>
                        <td class="num">${money(p.amount)}</td>
                        <td class="num">${p.discount.amount ? `−${money(p.discount)}` : ''}</td>
                        <td>
                          ${p.status.replace('_', ' ')}${p.escrow ? html`<br /><span class="muted">escrow ${p.escrow.state}</span>` : ''}
                        </td>
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
                <a href="/console/payments?cursor=${encodeURIComponent(payments.nextCursor)}">Older payments</a>
              </p>`
            : ''
        }
      </section>`,
    { name: shopName, page: 'payments' },
  );
}

import { html, raw } from 'hono/html';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { PaymentViewSchema } from '../../../protocol/api';
import { consoleLayout, money, type Form } from './layout';

type Payment = z.infer<typeof PaymentViewSchema>;

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** The row's refusal said once, naming each field; each field also carries its own error. */
const refusalText = (form: Form) =>
  Object.entries(form.errors)
    .map(([field, text]) => (field === 'form' ? text : `${field}: ${text}`))
    .join('; ');

function refundInput(
  payment: Payment,
  name: 'amount' | 'reason',
  form: Form | undefined,
  attrs: Record<string, string>,
) {
  const error = form?.errors[name];
  const id = `refund-${payment.id}-${name}`;
  return html`<input
      id="${id}"
      name="${name}"
      value="${form?.values[name] ?? ''}"
      ${raw(
        Object.entries(attrs)
          .map(([k, v]) => `${k}="${v}"`)
          .join(' '),
      )}
      ${error ? raw(`aria-invalid="true" aria-describedby="${id}-error"`) : ''}
    />${error ? html`<span class="field-error" id="${id}-error">${error}</span>` : ''}`;
}

function refundForm(payment: Payment, form?: Form) {
  const left = payment.amount.amount - payment.discount.amount - payment.refunded.amount;
  if (left <= 0 || !['succeeded', 'partially_refunded'].includes(payment.status)) return '';
  // A fresh idempotency key per rendered form: a double submit refunds once.
  return html`<form class="inline" method="post" action="/console/payments/${payment.id}/refund">
      <input type="hidden" name="key" value="${randomUUID()}" />
      ${refundInput(payment, 'amount', form, {
        'aria-label': `Refund amount for ${payment.orderId}`,
        placeholder: (left / 100).toFixed(2),
        inputmode: 'decimal',
      })}
      ${refundInput(payment, 'reason', form, {
        'aria-label': `Reason for ${payment.orderId}`,
        placeholder: 'Reason',
        style: 'width:130px',
      })}
      <button class="small" type="submit">Refund</button>
    </form>
    ${form ? html`<p class="field-error" role="alert">${refusalText(form)}</p>` : ''}`;
}

export function paymentsPage(
  shopName: string,
  payments: { items: Payment[]; nextCursor: string | null },
  state: { notice?: string; refused?: { paymentId: string; form: Form } } = {},
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
                        <td>${refundForm(p, state.refused?.paymentId === p.id ? state.refused.form : undefined)}</td>
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

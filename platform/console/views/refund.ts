import { html, raw } from 'hono/html';
import { formatMajorUnits } from '../../../protocol/money-format';
import type { PaymentView } from '../../../protocol/api';
import type { RefundRequest } from '../refund-form';
import { paid, refundable } from '../refund-form';
import { consoleLayout, field, money, utcTime, type Form } from './layout';

const FUNDING = { balance: 'their Pouch balance', card: 'the card they paid with' } as const;

/** The payment a refund belongs to, as both refund steps show it. */
function paymentFacts(payment: PaymentView) {
  return html`<dl class="facts">
    <dt>Order</dt>
    <dd>${payment.orderId} <span class="muted">${payment.label}</span></dd>
    <dt>Paid</dt>
    <dd>${money(paid(payment))} on ${utcTime(payment.createdAt)} UTC, from ${FUNDING[payment.funding]}</dd>
    ${
      payment.refunded.amount
        ? html`<dt>Refunded so far</dt>
            <dd>${money(payment.refunded)}</dd>`
        : ''
    }
    <dt>Left to refund</dt>
    <dd>${money(refundable(payment))}</dd>
  </dl>`;
}

/** A choice among radios, with its refusal beside it. */
function scopeChoice(payment: PaymentView, form: Form) {
  const chosen = form.values.scope;
  const error = form.errors.scope;
  const amountError = form.errors.amount;
  return html`<fieldset ${error ? raw('aria-describedby="f-scope-error"') : ''}>
    <legend>How much to refund</legend>
    <label class="choice"
      ><input type="radio" name="scope" value="part" ${chosen === 'part' ? raw('checked') : ''} /> Part of it</label
    >
    <label for="f-amount" class="sub">Amount (${payment.amount.currency})</label>
    <input
      id="f-amount"
      name="amount"
      inputmode="decimal"
      value="${form.values.amount ?? ''}"
      ${amountError ? raw('aria-invalid="true" aria-describedby="f-amount-error"') : ''}
    />
    ${amountError ? html`<p class="field-error" id="f-amount-error">${amountError}</p>` : ''}
    <label class="choice"
      ><input type="radio" name="scope" value="all" ${chosen === 'all' ? raw('checked') : ''} /> All that is left:
      ${money(refundable(payment))}</label
    >
    ${error ? html`<p class="field-error" id="f-scope-error">${error}</p>` : ''}
  </fieldset>`;
}

/** Step one: how much and why. Nothing moves from this page. */
export function refundFormPage(shopName: string, payment: PaymentView, form: Form) {
  const refusal = form.errors.form;
  return consoleLayout(
    `Refund ${payment.orderId}`,
    html`<h1>Refund order ${payment.orderId}</h1>
      <section>
        ${paymentFacts(payment)} ${refusal ? html`<p class="alert" role="alert">${refusal}</p>` : ''}
        <form method="post" action="/console/payments/${payment.id}/refund/review" novalidate>
          ${scopeChoice(payment, form)}
          ${field('Reason', 'reason', form, {
            multiline: true,
            hint: 'Kept with the refund, for your records and your support team.',
            required: true,
          })}
          <button type="submit">Review refund</button>
        </form>
        <p><a href="/console/payments">Back to payments</a></p>
      </section>`,
    { name: shopName, page: 'payments' },
  );
}

/** Step two: what will happen, in money, and the one button that refunds. */
export function refundConfirmPage(shopName: string, payment: PaymentView, refund: RefundRequest, key: string) {
  const back = new URLSearchParams({ scope: 'part', amount: formatMajorUnits(refund.amount), reason: refund.reason });
  return consoleLayout(
    `Confirm refund ${payment.orderId}`,
    html`<h1>Confirm the refund</h1>
      <section>
        <div class="proposed" data-testid="refund-review">
          <p><strong>Refund ${money(refund.amount)} of order ${payment.orderId}?</strong></p>
          <p>The shopper gets it back to ${FUNDING[payment.funding]}. A refund cannot be taken back.</p>
          <p class="muted">Reason: ${refund.reason}</p>
        </div>
        ${paymentFacts(payment)}
        <form method="post" action="/console/payments/${payment.id}/refund">
          <input type="hidden" name="key" value="${key}" />
          <input type="hidden" name="scope" value="part" />
          <input type="hidden" name="amount" value="${formatMajorUnits(refund.amount)}" />
          <input type="hidden" name="reason" value="${refund.reason}" />
          <button type="submit">Refund ${money(refund.amount)}</button>
        </form>
        <p><a href="/console/payments/${payment.id}/refund?${back.toString()}">Change</a></p>
      </section>`,
    { name: shopName, page: 'payments' },
  );
}

/** A refund link to a payment that is not the shop's (or no longer exists). */
export function paymentNotFoundPage(shopName: string) {
  return consoleLayout(
    'No such payment',
    html`<h1>No such payment</h1>
      <section>
        <p>This is not one of your shop's payments.</p>
        <p><a href="/console/payments">Back to payments</a></p>
      </section>`,
    { name: shopName, page: 'payments' },
  );
}

import { html, raw } from 'hono/html';
import { formatMajorUnits } from '../../../protocol/money-format';
import type { PaymentView } from '../../../protocol/api';
import type { RefundRequest } from '../refund-form';
import { paid, refundable } from '../refund-form';
import { t } from '../i18n/language';
import { consoleLayout, field, money, notFoundPage, utcTime, type Form } from './layout';

const fundedBy = (kind: PaymentView['funding']) =>
  kind === 'balance' ? t('their Pouch balance') : t('the card they paid with');

/** The payment a refund belongs to, as both refund steps show it. */
function paymentFacts(payment: PaymentView) {
  return html`<dl class="facts">
    <dt>${t('Order')}</dt>
    <dd>
      ${payment.orderId} <span class="muted"><bdi>${payment.label}</bdi></span>
    </dd>
    <dt>${t('Paid')}</dt>
    <dd>
      ${t('{amount} on {when} UTC, from {source}', {
        amount: money(paid(payment)),
        when: utcTime(payment.createdAt),
        source: fundedBy(payment.funding),
      })}
    </dd>
    ${
      payment.refunded.amount
        ? html`<dt>${t('Refunded so far')}</dt>
            <dd>${money(payment.refunded)}</dd>`
        : ''
    }
    <dt>${t('Left to refund')}</dt>
    <dd>${money(refundable(payment))}</dd>
  </dl>`;
}

/** A choice among radios, with its refusal beside it. */
function scopeChoice(payment: PaymentView, form: Form) {
  const chosen = form.values.scope;
  const error = form.errors.scope;
  const amountError = form.errors.amount;
  return html`<fieldset ${error ? raw('aria-describedby="f-scope-error"') : ''}>
    <legend>${t('How much to refund')}</legend>
    <label class="choice"
      ><input type="radio" name="scope" value="part" ${chosen === 'part' ? raw('checked') : ''} />
      ${t('Part of it')}</label
    >
    <label for="f-amount" class="sub">${t('Amount ({currency})', { currency: payment.amount.currency })}</label>
    <input
      id="f-amount"
      name="amount"
      inputmode="decimal"
      value="${form.values.amount ?? ''}"
      ${amountError ? raw('aria-invalid="true" aria-describedby="f-amount-error"') : ''}
    />
    ${amountError ? html`<p class="field-error" id="f-amount-error">${t(amountError)}</p>` : ''}
    <label class="choice"
      ><input type="radio" name="scope" value="all" ${chosen === 'all' ? raw('checked') : ''} />
      ${t('All that is left: {amount}', { amount: money(refundable(payment)) })}</label
    >
    ${error ? html`<p class="field-error" id="f-scope-error">${t(error)}</p>` : ''}
  </fieldset>`;
}

/** Step one: how much and why. Nothing moves from this page. */
export function refundFormPage(shopName: string, payment: PaymentView, form: Form) {
  const refusal = form.errors.form;
  return consoleLayout(
    t('Refund order {order}', { order: payment.orderId }),
    html`<h1>${t('Refund order {order}', { order: payment.orderId })}</h1>
      <section>
        ${paymentFacts(payment)} ${refusal ? html`<p class="alert" role="alert">${t(refusal)}</p>` : ''}
        ${
          refundable(payment).amount <= 0
            ? html`<p data-testid="refunded-in-full">${t('This payment has already been refunded in full.')}</p>`
            : refundForm(payment, form)
        }
        <p><a href="/console/payments">${t('Back to payments')}</a></p>
      </section>`,
    { name: shopName, page: 'payments' },
  );
}

/** How much and why, for a payment with money left to give back. */
function refundForm(payment: PaymentView, form: Form) {
  return html`<form method="post" action="/console/payments/${payment.id}/refund/review" novalidate>
    ${scopeChoice(payment, form)}
    ${field(t('Reason'), 'reason', form, {
      multiline: true,
      hint: t('Kept with the refund, for your records and your support team.'),
      required: true,
    })}
    <button type="submit">${t('Review refund')}</button>
  </form>`;
}

/** Step two: what will happen, in money, and the one button that refunds. */
export function refundConfirmPage(shopName: string, payment: PaymentView, refund: RefundRequest, key: string) {
  const back = new URLSearchParams({ scope: 'part', amount: formatMajorUnits(refund.amount), reason: refund.reason });
  return consoleLayout(
    t('Confirm the refund'),
    html`<h1>${t('Confirm the refund')}</h1>
      <section>
        <div class="proposed" data-testid="refund-review">
          <p>
            <strong
              >${t('Refund {amount} of order {order}?', { amount: money(refund.amount), order: payment.orderId })}</strong
            >
          </p>
          <p>
            ${t('The shopper gets it back to {source}. A refund cannot be taken back.', { source: fundedBy(payment.funding) })}
          </p>
          <p class="muted">${t('Reason:')} <bdi>${refund.reason}</bdi></p>
        </div>
        ${paymentFacts(payment)}
        <form method="post" action="/console/payments/${payment.id}/refund">
          <input type="hidden" name="key" value="${key}" />
          <input type="hidden" name="scope" value="part" />
          <input type="hidden" name="amount" value="${formatMajorUnits(refund.amount)}" />
          <input type="hidden" name="reason" value="${refund.reason}" />
          <button type="submit">${t('Refund {amount}', { amount: money(refund.amount) })}</button>
        </form>
        <p><a href="/console/payments/${payment.id}/refund?${back.toString()}">${t('Change')}</a></p>
      </section>`,
    { name: shopName, page: 'payments' },
  );
}

/** A refund link to a payment that is not the shop's (or no longer exists). */
export const paymentNotFoundPage = (shopName: string) =>
  notFoundPage(
    shopName,
    {
      title: t('No such payment'),
      text: t("This is not one of your shop's payments."),
      back: t('Back to payments'),
    },
    'payments',
  );

import { html, raw } from 'hono/html';
import type { OrderMessage } from '../../../protocol/api';
import { ORDER_MESSAGE_MAX } from '../../../protocol/api';
import { t } from '../i18n/language';
import { utcTime, type Form } from './layout';

function lines(conversation: OrderMessage[]) {
  return html`<ol class="conversation" data-testid="conversation">
    ${conversation.map(
      (line) =>
        html`<li class="${line.from}" data-from="${line.from}">
          <span class="muted"
            >${line.from === 'shopper' ? t('The shopper') : t('You')} · ${utcTime(line.sentAt)} UTC</span
          >
          <p><bdi>${line.text}</bdi></p>
        </li>`,
    )}
  </ol>`;
}

/**
 * What the shopper wrote about the order and the shop's answers, with a box to answer. The shop only
 * answers: with nothing from the shopper there is nothing to answer, and the section says how shoppers
 * write.
 */
export function conversationSection(paymentId: string, conversation: OrderMessage[], form?: Form) {
  const body = conversation.length
    ? html`${lines(conversation)} ${answerForm(paymentId, form)}`
    : html`<p class="muted">
        ${t('The shopper has not written about this order. Shoppers write from the payment in their wallet; you answer here.')}
      </p>`;
  return html`<section aria-labelledby="conversation-h" id="conversation">
    <h2 id="conversation-h">${t('Messages from the shopper')}</h2>
    ${body}
  </section>`;
}

function answerForm(paymentId: string, form?: Form) {
  const error = form?.errors.text ?? form?.errors.form;
  return html`<form method="post" action="/console/payments/${paymentId}/messages" novalidate>
    <label for="answer-text">${t('Your answer (the shopper reads it in their wallet)')}</label>
    <textarea
      id="answer-text"
      name="text"
      maxlength="${ORDER_MESSAGE_MAX}"
      ${error ? raw('aria-invalid="true" aria-describedby="answer-text-error"') : ''}
    >
${form?.values.text ?? ''}</textarea>
    ${error ? html`<p class="field-error" id="answer-text-error">${t(error)}</p>` : ''}
    <button type="submit">${t('Send the answer')}</button>
  </form>`;
}

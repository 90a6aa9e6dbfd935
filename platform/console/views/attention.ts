import { html, raw } from 'hono/html';
import type { PaymentView } from '../../../protocol/api';
import { anythingWaits, type Attention } from '../attention';
import { paid } from '../refund-form';
import { t } from '../i18n/language';
import { money, utcTime, type Form } from './layout';

/** A decline just refused, to show again beside its payment's form. */
export interface DeclineRefused {
  paymentId: string;
  form: Form;
}

/** The start of a shopper's line, enough to know what it is about. */
const excerpt = (text: string) => (text.length > 120 ? `${text.slice(0, 119)}…` : text);

/** One escrow refund request: the buyer's words, then Accept (to the refund's review) or Decline with an answer. */
function refundRequest(payment: PaymentView, refused?: Form) {
  const accept = new URLSearchParams({
    scope: 'all',
    reason: t('Refund request accepted: {reason}', { reason: payment.escrow?.requestReason ?? '' }),
  });
  const id = `decline-${payment.id}`;
  const error = refused?.errors.message;
  return html`<li class="request" data-testid="refund-request">
    <p>
      <strong>${t('Refund asked for: order {order}', { order: payment.orderId })}</strong>, ${money(paid(payment))}
      <span class="muted"
        >(<bdi>${payment.label}</bdi>, ${t('paid {when} UTC', { when: utcTime(payment.createdAt) })})</span
      >
    </p>
    <blockquote><bdi>${payment.escrow?.requestReason ?? ''}</bdi></blockquote>
    <p class="hint">
      ${t(
        'The money stays held until you answer. Declining holds it again; it is paid to you when the buyer confirms receipt or the hold runs out.',
      )}
    </p>
    <div class="answer">
      <a
        class="button"
        href="/console/payments/${payment.id}/refund?${accept.toString()}"
        aria-label="${t('Accept the refund for order {order}', { order: payment.orderId })}"
        >${t('Accept and refund…')}</a
      >
      <form method="post" action="/console/payments/${payment.id}/refund-request/decline" novalidate>
        <label for="${id}">${t('Your answer to the buyer (shown in their wallet)')}</label>
        <textarea id="${id}" name="message" ${error ? raw(`aria-invalid="true" aria-describedby="${id}-error"`) : ''}>
${refused?.values.message ?? ''}</textarea>
        ${error ? html`<p class="field-error" id="${id}-error">${t(error)}</p>` : ''}
        <button
          type="submit"
          class="secondary"
          aria-label="${t('Decline the refund for order {order}', { order: payment.orderId })}"
        >
          ${t('Decline')}
        </button>
      </form>
    </div>
  </li>`;
}

/** The top of the console's home: what waits on the shop, each with the way to handle it. Nothing when nothing does. */
export function attentionSection(attention: Attention, refused?: DeclineRefused) {
  if (!anythingWaits(attention)) return '';
  return html`<section aria-labelledby="attention-h" class="attention" data-testid="attention">
    <h2 id="attention-h">${t('Needs your attention')}</h2>
    ${
      attention.refundRequests.length
        ? html`<ul class="requests">
            ${attention.refundRequests.map((p) => refundRequest(p, refused?.paymentId === p.id ? refused.form : undefined))}
          </ul>`
        : ''
    }
    <ul>
      ${attention.unanswered.map(
        (q) =>
          html`<li data-testid="unanswered">
            ${t('A shopper asks about order {order}:', { order: q.orderId })} <q><bdi>${excerpt(q.text)}</bdi></q>
            <a href="/console/payments/${q.paymentId}#conversation">${t('Answer')}</a>
          </li>`,
      )}
      ${
        attention.bankChangesToConfirm
          ? html`<li>
              ${
                attention.bankChangesToConfirm === 1
                  ? t('A bank-account change asked for with your API key waits for your password.')
                  : t('{n} bank-account changes asked for with your API key wait for your password.', {
                      n: attention.bankChangesToConfirm,
                    })
              }
              <a href="/console/payouts">${t('Review it on Payouts')}</a>
            </li>`
          : ''
      }
      ${
        attention.payoutsHeldUntil
          ? html`<li>
              ${t('Payouts are held until {when} UTC after your bank account changed.', {
                when: utcTime(attention.payoutsHeldUntil),
              })}
              <a href="/console/payouts">${t('See Payouts')}</a>
            </li>`
          : ''
      }
      ${attention.originsFailing.map(
        (o) =>
          html`<li>
            ${t('{origin} is not verified: {why}. Pouch does not pay checkouts there until it is.', {
              origin: o.origin,
              why: t(o.lastError.replace(/\.$/, '')),
            })}
            <a href="/console/keys">${t('Verify it on Keys & snippet')}</a>
          </li>`,
      )}
      ${
        attention.webhooksFailing
          ? html`<li>
              ${
                attention.webhooksFailing === 1
                  ? t('A webhook delivery is failing (this week).')
                  : t('{n} webhook deliveries are failing (this week).', { n: attention.webhooksFailing })
              }
              <a href="/console/keys">${t('See the deliveries')}</a>
            </li>`
          : ''
      }
    </ul>
  </section>`;
}

import { html, raw } from 'hono/html';
import type { PaymentView } from '../../../protocol/api';
import { anythingWaits, type Attention } from '../attention';
import { paid } from '../refund-form';
import { money, utcTime, type Form } from './layout';

/** A decline just refused, to show again beside its payment's form. */
export interface DeclineRefused {
  paymentId: string;
  form: Form;
}

/** One escrow refund request: the buyer's words, then Accept (to the refund's review) or Decline with an answer. */
function refundRequest(payment: PaymentView, refused?: Form) {
  const accept = new URLSearchParams({
    scope: 'all',
    reason: `Refund request accepted: ${payment.escrow?.requestReason ?? ''}`,
  });
  const id = `decline-${payment.id}`;
  const error = refused?.errors.message;
  return html`<li class="request" data-testid="refund-request">
    <p>
      <strong>Refund asked for: order ${payment.orderId}</strong>, ${money(paid(payment))}
      <span class="muted">(${payment.label}, paid ${utcTime(payment.createdAt)} UTC)</span>
    </p>
    <blockquote>${payment.escrow?.requestReason ?? ''}</blockquote>
    <p class="hint">
      The money stays held until you answer. Declining holds it again; it is paid to you when the buyer confirms receipt
      or the hold runs out.
    </p>
    <div class="answer">
      <a
        class="button"
        href="/console/payments/${payment.id}/refund?${accept.toString()}"
        aria-label="Accept the refund for order ${payment.orderId}"
        >Accept and refund…</a
      >
      <form method="post" action="/console/payments/${payment.id}/refund-request/decline" novalidate>
        <label for="${id}">Your answer to the buyer (shown in their wallet)</label>
        <textarea id="${id}" name="message" ${error ? raw(`aria-invalid="true" aria-describedby="${id}-error"`) : ''}>
${refused?.values.message ?? ''}</textarea>
        ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
        <button type="submit" class="secondary" aria-label="Decline the refund for order ${payment.orderId}">
          Decline
        </button>
      </form>
    </div>
  </li>`;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many.replace('#', String(n)));

/** The top of the console's home: what waits on the shop, each with the way to handle it. Nothing when nothing does. */
export function attentionSection(attention: Attention, refused?: DeclineRefused) {
  if (!anythingWaits(attention)) return '';
  return html`<section aria-labelledby="attention-h" class="attention" data-testid="attention">
    <h2 id="attention-h">Needs your attention</h2>
    ${
      attention.refundRequests.length
        ? html`<ul class="requests">
            ${attention.refundRequests.map((p) => refundRequest(p, refused?.paymentId === p.id ? refused.form : undefined))}
          </ul>`
        : ''
    }
    <ul>
      ${
        attention.bankChangesToConfirm
          ? html`<li>
              ${plural(attention.bankChangesToConfirm, 'A bank-account change asked for with your API key waits', '# bank-account changes asked for with your API key wait')}
              for your password. <a href="/console/payouts">Review it on Payouts</a>
            </li>`
          : ''
      }
      ${
        attention.payoutsHeldUntil
          ? html`<li>
              Payouts are held until ${utcTime(attention.payoutsHeldUntil)} UTC after your bank account changed.
              <a href="/console/payouts">See Payouts</a>
            </li>`
          : ''
      }
      ${attention.originsFailing.map(
        (o) =>
          html`<li>
            <code>${o.origin}</code> is not verified: ${o.lastError} Pouch does not pay checkouts there until it is.
            <a href="/console/keys">Verify it on Keys &amp; snippet</a>
          </li>`,
      )}
      ${
        attention.webhooksFailing
          ? html`<li>
              ${plural(attention.webhooksFailing, 'A webhook delivery is failing', '# webhook deliveries are failing')}
              (this week). <a href="/console/keys">See the deliveries</a>
            </li>`
          : ''
      }
    </ul>
  </section>`;
}

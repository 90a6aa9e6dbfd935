import { html } from 'hono/html';
import type { Money } from '../../../protocol/money';
import type { PaymentDetail } from '../payment-detail';
import { paid, refundable } from '../refund-form';
import { t } from '../i18n/language';
import { consoleLayout, money, utcTime, type Form } from './layout';
import { conversationSection } from './conversation';
import { statusWords } from './payment-words';
import { deliveriesTable } from './deliveries';

const funding = (kind: 'balance' | 'card') =>
  kind === 'balance' ? t('The shopper’s Pouch balance') : t('A bank card');

const minus = (value: Money) => `−${money(value)}`;

/** What the shopper was asked, what came off, what paid, and where the payment stands. */
function facts({ payment }: PaymentDetail) {
  const { amount, discount, pointsDiscount, pointsRedeemed, pointsEarned } = payment;
  const coupon = { amount: discount.amount - pointsDiscount.amount, currency: amount.currency };
  const words = statusWords(payment);
  const escrow = payment.escrow;
  return html`<dl class="facts" data-testid="payment-facts">
    <dt>${t('Order')}</dt>
    <dd>
      ${payment.orderId} <span class="muted"><bdi>${payment.label}</bdi></span>
    </dd>
    <dt>${t('Order amount')}</dt>
    <dd>${money(amount)}</dd>
    ${
      coupon.amount
        ? html`<dt>${t('Coupon')}</dt>
            <dd>${minus(coupon)}</dd>`
        : ''
    }
    ${
      pointsRedeemed
        ? html`<dt>${t('Points spent')}</dt>
            <dd>${pointsRedeemed} (${minus(pointsDiscount)})</dd>`
        : ''
    }
    <dt>${t('Paid')}</dt>
    <dd>${money(paid(payment))}</dd>
    <dt>${t('Paid from')}</dt>
    <dd>${funding(payment.funding)}</dd>
    ${
      payment.agreementId
        ? html`<dt>${t('Charged under agreement')}</dt>
            <dd>
              <a href="/console/agreements/${payment.agreementId}"><code>${payment.agreementId}</code></a>
            </dd>`
        : ''
    }
    ${
      pointsEarned
        ? html`<dt>${t('Points earned')}</dt>
            <dd>${pointsEarned}</dd>`
        : ''
    }
    <dt>${t('Status')}</dt>
    <dd>${words.status}${words.escrow ? html`<br /><span class="muted">${words.escrow}</span>` : ''}</dd>
    ${
      escrow?.requestReason
        ? html`<dt>${t('Buyer’s reason')}</dt>
            <dd><bdi>${escrow.requestReason}</bdi></dd>`
        : ''
    }
    ${
      escrow?.declineMessage
        ? html`<dt>${t('Your answer')}</dt>
            <dd>${escrow.declineMessage}</dd>`
        : ''
    }
    ${
      payment.refunded.amount
        ? html`<dt>${t('Refunded')}</dt>
            <dd>${money(payment.refunded)}</dd>`
        : ''
    }
    <dt>${t('When')}</dt>
    <dd>${utcTime(payment.createdAt)} UTC</dd>
    <dt>${t('Payment id')}</dt>
    <dd><code>${payment.id}</code></dd>
  </dl>`;
}

function refunds(detail: PaymentDetail) {
  if (detail.refunds.length === 0) return html`<p class="muted">${t('No refunds.')}</p>`;
  return html`<table data-testid="refunds">
    <thead>
      <tr>
        <th>${t('When (UTC)')}</th>
        <th class="num">${t('Amount')}</th>
        <th>${t('Reason')}</th>
      </tr>
    </thead>
    <tbody>
      ${detail.refunds.map(
        (r) =>
          html`<tr>
            <td class="when">${utcTime(r.createdAt)}</td>
            <td class="num">${money(r.amount)}</td>
            <td><bdi>${r.reason ?? ''}</bdi></td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/**
 * One payment, whole: its figures and state, what the shopper wrote about it (with the answer form,
 * `answer` holding one just refused), refunds, receipt and webhook deliveries.
 */
export function paymentPage(shopName: string, detail: PaymentDetail, notice?: string, answer?: Form) {
  const { payment } = detail;
  const left = refundable(payment);
  return consoleLayout(
    t('Order {order}', { order: payment.orderId }),
    html`<p><a href="/console/payments">← ${t('Payments')}</a></p>
      <h1>${t('Order {order}', { order: payment.orderId })}</h1>
      ${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
      <section>
        ${facts(detail)}
        ${
          left.amount > 0
            ? html`<p><a class="button" href="/console/payments/${payment.id}/refund">${t('Refund…')}</a></p>`
            : ''
        }
      </section>
      ${conversationSection(payment.id, detail.conversation, answer)}
      <section aria-labelledby="refunds-h">
        <h2 id="refunds-h">${t('Refunds')}</h2>
        ${refunds(detail)}
      </section>
      <section aria-labelledby="deliveries-h">
        <h2 id="deliveries-h">${t('Webhook deliveries')}</h2>
        ${deliveriesTable(detail.deliveries, `/console/payments/${payment.id}`)}
      </section>
      <section aria-labelledby="receipt-h">
        <h2 id="receipt-h">${t('Receipt')}</h2>
        <p class="hint">
          ${t('The receipt the shopper’s wallet holds, signed by Pouch (a JWT). The merchant kit checks it:')}
          <code>verifyReceipt</code>.
        </p>
        <pre data-testid="receipt">${detail.receipt}</pre>
      </section>`,
    { name: shopName, page: 'payments' },
  );
}

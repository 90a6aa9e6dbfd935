import { html } from 'hono/html';
import type { Money } from '../../../protocol/money';
import type { PaymentDetail } from '../payment-detail';
import { paid, refundable } from '../refund-form';
import { consoleLayout, money, utcTime } from './layout';
import { statusWords } from './payment-words';
import { deliveriesTable } from './deliveries';

const FUNDING = { balance: 'The shopper’s Pouch balance', card: 'A bank card' } as const;

const minus = (value: Money) => `−${money(value)}`;

/** What the shopper was asked, what came off, what paid, and where the payment stands. */
function facts({ payment }: PaymentDetail) {
  const { amount, discount, pointsDiscount, pointsRedeemed, pointsEarned } = payment;
  const coupon = { amount: discount.amount - pointsDiscount.amount, currency: amount.currency };
  const words = statusWords(payment);
  const escrow = payment.escrow;
  return html`<dl class="facts" data-testid="payment-facts">
    <dt>Order</dt>
    <dd>${payment.orderId} <span class="muted">${payment.label}</span></dd>
    <dt>Order amount</dt>
    <dd>${money(amount)}</dd>
    ${
      coupon.amount
        ? html`<dt>Coupon</dt>
            <dd>${minus(coupon)}</dd>`
        : ''
    }
    ${
      pointsRedeemed
        ? html`<dt>Points spent</dt>
            <dd>${pointsRedeemed} (${minus(pointsDiscount)})</dd>`
        : ''
    }
    <dt>Paid</dt>
    <dd>${money(paid(payment))}</dd>
    <dt>Paid from</dt>
    <dd>${FUNDING[payment.funding]}</dd>
    ${
      pointsEarned
        ? html`<dt>Points earned</dt>
            <dd>${pointsEarned}</dd>`
        : ''
    }
    <dt>Status</dt>
    <dd>${words.status}${words.escrow ? html`<br /><span class="muted">${words.escrow}</span>` : ''}</dd>
    ${
      escrow?.requestReason
        ? html`<dt>Buyer’s reason</dt>
            <dd>${escrow.requestReason}</dd>`
        : ''
    }
    ${
      escrow?.declineMessage
        ? html`<dt>Your answer</dt>
            <dd>${escrow.declineMessage}</dd>`
        : ''
    }
    ${
      payment.refunded.amount
        ? html`<dt>Refunded</dt>
            <dd>${money(payment.refunded)}</dd>`
        : ''
    }
    <dt>When</dt>
    <dd>${utcTime(payment.createdAt)} UTC</dd>
    <dt>Payment id</dt>
    <dd><code>${payment.id}</code></dd>
  </dl>`;
}

function refunds(detail: PaymentDetail) {
  if (detail.refunds.length === 0) return html`<p class="muted">No refunds.</p>`;
  return html`<table data-testid="refunds">
    <thead>
      <tr>
        <th>When (UTC)</th>
        <th class="num">Amount</th>
        <th>Reason</th>
      </tr>
    </thead>
    <tbody>
      ${detail.refunds.map(
        (r) =>
          html`<tr>
            <td class="when">${utcTime(r.createdAt)}</td>
            <td class="num">${money(r.amount)}</td>
            <td>${r.reason ?? ''}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** One payment, whole: its figures and state, refunds, receipt and webhook deliveries. */
export function paymentPage(shopName: string, detail: PaymentDetail, notice?: string) {
  const { payment } = detail;
  const left = refundable(payment);
  return consoleLayout(
    `Order ${payment.orderId}`,
    html`<p><a href="/console/payments">← Payments</a></p>
      <h1>Order ${payment.orderId}</h1>
      ${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
      <section>
        ${facts(detail)}
        ${left.amount > 0 ? html`<p><a class="button" href="/console/payments/${payment.id}/refund">Refund…</a></p>` : ''}
      </section>
      <section aria-labelledby="refunds-h">
        <h2 id="refunds-h">Refunds</h2>
        ${refunds(detail)}
      </section>
      <section aria-labelledby="deliveries-h">
        <h2 id="deliveries-h">Webhook deliveries</h2>
        ${deliveriesTable(detail.deliveries, `/console/payments/${payment.id}`)}
      </section>
      <section aria-labelledby="receipt-h">
        <h2 id="receipt-h">Receipt</h2>
        <p class="hint">
          The receipt the shopper’s wallet holds, signed by Pouch (a JWT; check it with the merchant kit’s
          verifyReceipt).
        </p>
        <pre data-testid="receipt">${detail.receipt}</pre>
      </section>`,
    { name: shopName, page: 'payments' },
  );
}

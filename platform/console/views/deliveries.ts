import { html } from 'hono/html';
import type { DeliveryView } from '../../../protocol/api';
import { t } from '../i18n/language';
import { utcTime } from './layout';

/** Where a delivery stands, in words. */
function state(d: DeliveryView): string {
  if (d.status === 'succeeded') return t('Delivered {when} UTC', { when: utcTime(d.deliveredAt ?? d.createdAt) });
  if (d.status === 'failed') return t('Given up after every retry');
  return d.attempts ? t('Failed; next try {when} UTC', { when: utcTime(d.nextAttemptAt) }) : t('Queued');
}

/**
 * Webhook deliveries with when, which event, where they stand and what the shop's server answered,
 * each with Resend; `back` is the page the console returns to after a resend.
 */
export function deliveriesTable(deliveries: DeliveryView[], back: string) {
  if (deliveries.length === 0) return html`<p class="muted">${t('No webhook deliveries yet.')}</p>`;
  return html`<table data-testid="deliveries">
    <thead>
      <tr>
        <th>${t('When (UTC)')}</th>
        <th>${t('Event')}</th>
        <th>${t('Status')}</th>
        <th>${t('Last answer')}</th>
        <th class="num">${t('Attempts')}</th>
        <th><span class="visually-hidden">${t('Resend')}</span></th>
      </tr>
    </thead>
    <tbody>
      ${deliveries.map(
        (d) =>
          html`<tr>
            <td class="when">${utcTime(d.createdAt)}</td>
            <td><code>${d.eventType}</code></td>
            <td>${state(d)}</td>
            <td>${d.lastStatus ? `HTTP ${d.lastStatus}` : t(d.lastError ?? '')}</td>
            <td class="num">${d.attempts}</td>
            <td>
              <form method="post" action="/console/deliveries/${d.id}/resend">
                <input type="hidden" name="back" value="${back}" />
                <button
                  class="small"
                  type="submit"
                  aria-label="${t('Resend {event} of {when}', { event: d.eventType, when: utcTime(d.createdAt) })}"
                >
                  ${t('Resend')}
                </button>
              </form>
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

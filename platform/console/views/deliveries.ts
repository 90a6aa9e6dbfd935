import { html } from 'hono/html';
import type { DeliveryView } from '../../../protocol/api';
import { utcTime } from './layout';

/** Where a delivery stands, in words. */
function state(d: DeliveryView): string {
  if (d.status === 'succeeded') return d.deliveredAt ? `Delivered ${utcTime(d.deliveredAt)} UTC` : 'Delivered';
  if (d.status === 'failed') return 'Given up after every retry';
  return d.attempts ? `Failed; next try ${utcTime(d.nextAttemptAt)} UTC` : 'Queued';
}

/**
 * Webhook deliveries with when, which event, where they stand and what the shop's server answered,
 * each with Resend; `back` is the page the console returns to after a resend.
 */
export function deliveriesTable(deliveries: DeliveryView[], back: string) {
  if (deliveries.length === 0) return html`<p class="muted">No webhook deliveries yet.</p>`;
  return html`<table data-testid="deliveries">
    <thead>
      <tr>
        <th>When (UTC)</th>
        <th>Event</th>
        <th>Status</th>
        <th>Last answer</th>
        <th class="num">Attempts</th>
        <th><span class="visually-hidden">Resend</span></th>
      </tr>
    </thead>
    <tbody>
      ${deliveries.map(
        (d) =>
          html`<tr>
            <td class="when">${utcTime(d.createdAt)}</td>
            <td><code>${d.eventType}</code></td>
            <td>${state(d)}</td>
            <td>${d.lastStatus ? `HTTP ${d.lastStatus}` : (d.lastError ?? '')}</td>
            <td class="num">${d.attempts}</td>
            <td>
              <form method="post" action="/console/deliveries/${d.id}/resend">
                <input type="hidden" name="back" value="${back}" />
                <button class="small" type="submit" aria-label="Resend ${d.eventType} of ${utcTime(d.createdAt)}">
                  Resend
                </button>
              </form>
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

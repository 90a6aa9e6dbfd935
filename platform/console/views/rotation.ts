import { html } from 'hono/html';
import { consoleLayout, utcTime } from './layout';

export type Secret = 'api-key' | 'webhook-secret';

/** Each secret a shop can rotate: its name, and what keeps working while servers switch over. */
export const SECRETS = {
  'api-key': {
    label: 'API key',
    grace: 'Your current API key keeps working until',
    switchOver: 'Put the new key on your servers before then; calls with the old key are refused after it.',
  },
  'webhook-secret': {
    label: 'Webhook secret',
    grace: 'Webhooks are signed under both the current and the new secret until',
    switchOver: 'Verify with the new secret before then; after it, deliveries carry its signature only.',
  },
} as const satisfies Record<Secret, { label: string; grace: string; switchOver: string }>;

/** What a rotation will do, before it happens; its button is the only way to rotate. */
export function rotationReviewPage(
  shopName: string,
  which: Secret,
  times: { currentUntil: string; endsNow: string | null },
) {
  const secret = SECRETS[which];
  return consoleLayout(
    `Rotate the ${secret.label.toLowerCase()}`,
    html`<h1>Rotate the ${secret.label.toLowerCase()}?</h1>
      <section>
        <div class="proposed" data-testid="rotation-review">
          <p>A new ${secret.label.toLowerCase()} is made and shown once, on the next page: copy it then.</p>
          <p>${secret.grace} <strong>${utcTime(times.currentUntil)} UTC</strong> (24 hours). ${secret.switchOver}</p>
          ${
            times.endsNow
              ? html`<p>
                  <strong>The ${secret.label.toLowerCase()} you replaced before stops working now</strong>, not at
                  ${utcTime(times.endsNow)} UTC as planned: only the current one and the new one remain.
                </p>`
              : ''
          }
        </div>
        <form method="post" action="/console/keys/rotate/${which}">
          <input type="hidden" name="reviewed" value="yes" />
          <button type="submit">Rotate the ${secret.label.toLowerCase()}</button>
        </form>
        <p><a href="/console/keys">Keep the current one</a></p>
      </section>`,
    { name: shopName, page: 'keys' },
  );
}

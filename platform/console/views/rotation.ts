import { html } from 'hono/html';
import { t } from '../i18n/language';
import { consoleLayout, utcTime } from './layout';

export type Secret = 'api-key' | 'webhook-secret';

/** Each secret a shop can rotate, by the English name that is also the key of its words. */
export const SECRETS = {
  'api-key': { label: 'API key' },
  'webhook-secret': { label: 'Webhook secret' },
} as const satisfies Record<Secret, { label: string }>;

/** What rotating the secret will do, in the page's language. */
function rotationWords(which: Secret, until: string) {
  return which === 'api-key'
    ? {
        title: t('Rotate the API key?'),
        made: t('A new API key is made and shown once, on the next page: copy it then.'),
        grace: t(
          'Your current API key keeps working until {until} UTC (24 hours). Put the new key on your servers before then; calls with the old key are refused after it.',
          { until },
        ),
        endsNow: (when: string) =>
          t(
            'The API key you replaced before stops working now, not at {when} UTC as planned: only the current one and the new one remain.',
            { when },
          ),
        rotate: t('Rotate the API key'),
      }
    : {
        title: t('Rotate the webhook secret?'),
        made: t('A new webhook secret is made and shown once, on the next page: copy it then.'),
        grace: t(
          'Webhooks are signed under both the current and the new secret until {until} UTC (24 hours). Verify with the new secret before then; after it, deliveries carry its signature only.',
          { until },
        ),
        endsNow: (when: string) =>
          t(
            'The webhook secret you replaced before stops working now, not at {when} UTC as planned: only the current one and the new one remain.',
            { when },
          ),
        rotate: t('Rotate the webhook secret'),
      };
}

/** What a rotation will do, before it happens; its button is the only way to rotate. */
export function rotationReviewPage(
  shopName: string,
  which: Secret,
  times: { currentUntil: string; endsNow: string | null },
) {
  const words = rotationWords(which, utcTime(times.currentUntil));
  return consoleLayout(
    words.title,
    html`<h1>${words.title}</h1>
      <section>
        <div class="proposed" data-testid="rotation-review">
          <p>${words.made}</p>
          <p>${words.grace}</p>
          ${times.endsNow ? html`<p><strong>${words.endsNow(utcTime(times.endsNow))}</strong></p>` : ''}
        </div>
        <form method="post" action="/console/keys/rotate/${which}">
          <input type="hidden" name="reviewed" value="yes" />
          <button type="submit">${words.rotate}</button>
        </form>
        <p><a href="/console/keys">${t('Keep the current one')}</a></p>
      </section>`,
    { name: shopName, page: 'keys' },
  );
}

import { html } from 'hono/html';
import type { OriginView } from '../../merchants/origins';
import type { DeliveryView } from '../../../protocol/api';
import { t } from '../i18n/language';
import { copyButton } from './copy';
import { deliveriesTable } from './deliveries';
import { consoleLayout, emptyForm, field, formAlert, type Form, utcTime } from './layout';
import { integrationSnippet } from './snippet';

export interface ShopKeys {
  merchantId: string;
  origins: OriginView[];
  webhookUrl: string;
  kids: string[];
  deliveries: DeliveryView[];
  refused?: { origin: string; error: string };
  /** The add-an-origin and webhook-URL forms, as typed (and why refused). */
  originForm?: Form;
  webhookForm?: Form;
  notice?: string;
  /** A secret just rotated: shown here once. */
  rotated?: { label: string; secret: string; previousValidUntil: string };
}

function rotation(keys: ShopKeys) {
  return html`<section aria-labelledby="rotate-h">
    <h2 id="rotate-h">${t('Rotate a secret')}</h2>
    ${
      keys.rotated
        ? html`<p class="secret" role="status">
            ${t('New {secret}, shown once: copy it now.', { secret: t(keys.rotated.label) })}
            <code id="rotated-secret" data-testid="rotated-secret">${keys.rotated.secret}</code>
            ${copyButton('rotated-secret', t(keys.rotated.label))}
            ${t('The previous one keeps working until {when} UTC.', { when: utcTime(keys.rotated.previousValidUntil) })}
          </p>`
        : ''
    }
    <p class="hint">
      ${t(
        'A new secret works at once; the current one keeps working for 24 hours (webhooks are signed under both), so you can switch your servers over without downtime.',
      )}
    </p>
    <p><a href="/console/keys/rotate/api-key">${t('Rotate API key…')}</a></p>
    <p><a href="/console/keys/rotate/webhook-secret">${t('Rotate webhook secret…')}</a></p>
  </section>`;
}

/** Each origin with its state; a pending one shows the file to serve and a Verify button. */
function originRows(keys: ShopKeys) {
  return keys.origins.map(
    (o) =>
      html`<tr>
        <td><code>${o.origin}</code></td>
        <td data-testid="origin-status">${o.status === 'verified' ? t('✓ verified') : t('pending')}</td>
        <td>
          ${
            o.status === 'verified'
              ? ''
              : html`<p class="hint">
                  ${t('Serve {url} with exactly:', { url: o.verificationUrl })}
                  <code>${JSON.stringify(o.verificationFile)}</code>
                </p>`
          }
          ${o.lastError ? html`<p class="field-error">${t('Last check: {why}', { why: t(o.lastError) })}</p>` : ''}
          ${keys.refused?.origin === o.origin ? html`<p class="field-error" role="alert">${t(keys.refused.error)}</p>` : ''}
          <form class="inline" method="post" action="/console/origins/verify">
            <input type="hidden" name="origin" value="${o.origin}" />
            <button class="small" type="submit" aria-label="${t('Verify {origin}', { origin: o.origin })}">
              ${o.status === 'verified' ? t('Check again') : t('Verify')}
            </button>
          </form>
        </td>
      </tr>`,
  );
}

export function keysPage(shopName: string, keys: ShopKeys) {
  return consoleLayout(
    t('Keys & snippet'),
    html`<h1>${t('Keys & snippet')}</h1>
      ${keys.notice ? html`<p class="notice" role="status">${keys.notice}</p>` : ''}
      <section aria-labelledby="origins-h">
        <h2 id="origins-h">${t('Checkout origins')}</h2>
        <p class="hint">
          ${t('Pouch pays checkouts only on origins you have proven you control, and lists only those in its directory.')}
        </p>
        <table data-testid="origins">
          ${originRows(keys)}
        </table>
        <h3>${t('Add an origin')}</h3>
        ${formAlert(keys.originForm?.errors ?? {})}
        <form method="post" action="/console/origins" novalidate>
          ${field(t('Origin'), 'origin', keys.originForm ?? emptyForm(), {
            hint: t('Scheme and host of a checkout page, such as https://shop.example (no path).'),
          })}
          <button type="submit" class="secondary">${t('Add origin')}</button>
        </form>
      </section>
      <section>
        <table>
          <tr>
            <th>${t('Merchant id')}</th>
            <td>
              <code id="merchant-id" data-testid="merchant-id">${keys.merchantId}</code>
              ${copyButton('merchant-id', t('the merchant id'))}
            </td>
          </tr>

          <tr>
            <th>${t('Signing keys (kid)')}</th>
            <td>${keys.kids.map((k) => html`<code>${k}</code><br />`)}</td>
          </tr>
        </table>
        <p class="hint">
          ${t(
            'The API key, webhook secret and private key were shown once, at sign-up; Pouch keeps only their hashes and the public key.',
          )}
        </p>
        <h3>${t('Webhook URL')}</h3>
        ${formAlert(keys.webhookForm?.errors ?? {})}
        <form method="post" action="/console/webhook-url" novalidate>
          ${field(t('Webhook URL'), 'webhookUrl', keys.webhookForm ?? emptyForm({ webhookUrl: keys.webhookUrl }), {
            hint: t('Where Pouch posts your events: a public http(s) URL. Deliveries already queued keep the old one.'),
          })}
          <button type="submit" class="secondary">${t('Save webhook URL')}</button>
        </form>
      </section>
      ${rotation(keys)} ${integrationSnippet(keys.merchantId, keys.origins[0]?.origin ?? 'https://shop.example')}
      <section>
        <h2>${t('Recent webhook deliveries')}</h2>
        <form method="post" action="/console/webhooks/test" class="inline">
          <button class="small" type="submit">${t('Send a test event')}</button>
          <span class="hint"
            >${t('A signed webhook.test event to {url}: no shopper pays.', { url: keys.webhookUrl })}</span
          >
        </form>
        ${deliveriesTable(keys.deliveries, '/console/keys')}
      </section>`,
    { name: shopName, page: 'keys' },
  );
}

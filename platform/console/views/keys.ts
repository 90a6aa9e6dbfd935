import { html } from 'hono/html';
import { consoleLayout } from './layout';
import { integrationSnippet } from './snippet';

export interface ShopKeys {
  merchantId: string;
  origins: string[];
  webhookUrl: string;
  kids: string[];
  deliveries: {
    eventType: string;
    status: string;
    attempts: number;
    lastStatus: number | null;
    nextAttemptAt: string;
  }[];
}

export function keysPage(shopName: string, keys: ShopKeys) {
  return consoleLayout(
    'Keys & snippet',
    html`<h1>Keys & snippet</h1>
      <section>
        <table>
          <tr>
            <th>Merchant id</th>
            <td><code data-testid="merchant-id">${keys.merchantId}</code></td>
          </tr>
          <tr>
            <th>Checkout origins</th>
            <td>${keys.origins.map((o) => html`<code>${o}</code><br />`)}</td>
          </tr>
          <tr>
            <th>Webhook URL</th>
            <td><code>${keys.webhookUrl}</code></td>
          </tr>
          <tr>
            <th>Signing keys (kid)</th>
            <td>${keys.kids.map((k) => html`<code>${k}</code><br />`)}</td>
          </tr>
        </table>
        <p class="hint">
          The API key, webhook secret and private key were shown once, at sign-up; Pouch keeps only their hashes and the
          public key.
        </p>
      </section>
      ${integrationSnippet(keys.merchantId, keys.origins[0] ?? 'https://shop.example')}
      <section>
        <h2>Recent webhook deliveries</h2>
        ${
          keys.deliveries.length === 0
            ? html`<p class="muted">None yet.</p>`
            : html`<table>
                ${keys.deliveries.map(
                  (d) =>
                    html`<tr>
                      <td>${d.eventType}</td>
                      <td>${d.status}</td>
                      <td>${d.attempts} attempt${d.attempts === 1 ? '' : 's'}</td>
                      <td>${d.lastStatus ?? ''}</td>
                    </tr>`,
                )}
              </table>`
        }
      </section>`,
    { name: shopName, page: 'keys' },
  );
}

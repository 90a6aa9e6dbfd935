import { html } from 'hono/html';
import { copyButton } from './copy';
import { consoleLayout, field, formAlert, type Form } from './layout';
import { integrationSnippet } from './snippet';

export function signUpPage(form: Form) {
  return consoleLayout(
    'Open a shop',
    html`<div class="center">
      <h1>Accept Pouch at your shop</h1>
      <p class="muted">Free and immediate. You get your keys on the next page.</p>
      <section>
        ${formAlert(form.errors)}
        <form method="post" action="/console/sign-up">
          ${field('Shop name', 'name', form, { required: true })}
          ${field('Category', 'category', form, { required: true, hint: 'Such as "mobile top-up" or "air tickets".' })}
          ${field('Checkout origins', 'origins', form, {
            multiline: true,
            required: true,
            hint: 'One per line, exactly as the browser shows it: https://shop.example (http only for localhost).',
          })}
          ${field('Webhook URL', 'webhookUrl', form, {
            type: 'url',
            required: true,
            hint: 'Pouch posts signed payment events here.',
          })}
          ${field('Email', 'email', form, { type: 'email', required: true, attrs: 'autocomplete="username"' })}
          ${field('Password', 'password', form, {
            type: 'password',
            required: true,
            hint: 'At least 12 characters.',
            attrs: 'autocomplete="new-password"',
          })}
          <button type="submit">Open my shop</button>
        </form>
      </section>
      <p>Already selling with Pouch? <a href="/console/sign-in">Sign in</a></p>
    </div>`,
  );
}

export function signInPage(form: Form, alert?: string) {
  return consoleLayout(
    'Sign in',
    html`<div class="center">
      <h1>Merchant console</h1>
      <section>
        ${alert ? html`<p class="alert" role="alert">${alert}</p>` : formAlert(form.errors)}
        <form method="post" action="/console/sign-in">
          ${field('Email', 'email', form, { type: 'email', required: true, attrs: 'autocomplete="username"' })}
          ${field(
            'Password',
            'password',
            { ...form, values: {} },
            {
              type: 'password',
              required: true,
              attrs: 'autocomplete="current-password"',
            },
          )}
          <button type="submit">Sign in</button>
        </form>
      </section>
      <p>New to Pouch? <a href="/console/sign-up">Open a shop</a></p>
    </div>`,
  );
}

interface Credentials {
  merchantId: string;
  kid: string;
  apiKey: string;
  webhookSecret: string;
  privateJwk?: Record<string, string>;
  origins: { verificationUrl: string; verificationFile: { merchantId: string; token: string } }[];
}

/** The one time the console shows the secrets: the platform keeps only hashes and the public key. */
export function welcomePage(shopName: string, credentials: Credentials, origin: string) {
  return consoleLayout(
    'Your keys',
    html`<h1>${shopName} is open for Pouch payments</h1>
      <section>
        <h2>Your keys — shown once</h2>
        <p class="secret" role="note">
          Copy these to your server's secret store now. Pouch keeps only a hash of the API key and the public half of
          your signing key; this page will not show them again.
        </p>
        <table>
          <tr>
            <th>Merchant id</th>
            <td>
              <code id="merchant-id" data-testid="merchant-id">${credentials.merchantId}</code>
              ${copyButton('merchant-id', 'the merchant id')}
            </td>
          </tr>
          <tr>
            <th>Key id (kid)</th>
            <td><code id="kid">${credentials.kid}</code> ${copyButton('kid', 'the key id')}</td>
          </tr>
          <tr>
            <th>API key</th>
            <td>
              <code id="api-key" data-testid="api-key">${credentials.apiKey}</code>
              ${copyButton('api-key', 'the API key')}
            </td>
          </tr>
          <tr>
            <th>Webhook secret</th>
            <td>
              <code id="webhook-secret" data-testid="webhook-secret">${credentials.webhookSecret}</code>
              ${copyButton('webhook-secret', 'the webhook secret')}
            </td>
          </tr>
        </table>
        ${
          credentials.privateJwk
            ? html`<h2>Private signing key (JWK)</h2>
                <div class="copyable">
                  <pre id="private-jwk" data-testid="private-jwk">
${JSON.stringify(credentials.privateJwk, null, 2)}</pre>
                  ${copyButton('private-jwk', 'the private signing key')}
                </div>`
            : ''
        }
      </section>
      <section>
        <h2>Next: prove your checkout origins</h2>
        <p>
          Pouch pays checkouts only on origins you control. On each origin, serve this file, then press
          <strong>Verify</strong> on <a href="/console/keys">Keys &amp; snippet</a> (or call
          <code>POST /v1/merchant/origins/verify</code>):
        </p>
        <ul>
          ${credentials.origins.map(
            (o) => html`<li><code>${o.verificationUrl}</code>: <code>${JSON.stringify(o.verificationFile)}</code></li>`,
          )}
        </ul>
      </section>
      ${integrationSnippet(credentials.merchantId, origin)}
      <p><a href="/console/keys">Verify your origins</a> · <a href="/console/payments">Go to the console</a></p>`,
    { name: shopName },
  );
}

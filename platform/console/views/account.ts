import { html } from 'hono/html';
import { copyButton } from './copy';
import { t } from '../i18n/language';
import { consoleLayout, field, formAlert, type Form } from './layout';
import { integrationSnippet } from './snippet';

export function signUpPage(form: Form) {
  return consoleLayout(
    t('Open a shop'),
    html`<div class="center">
      <h1>${t('Accept Pouch at your shop')}</h1>
      <p class="muted">${t('Free and immediate. You get your keys on the next page.')}</p>
      <section>
        ${formAlert(form.errors)}
        <form method="post" action="/console/sign-up">
          ${field(t('Shop name'), 'name', form, { required: true })}
          ${field(t('Category'), 'category', form, { required: true, hint: t('Such as "mobile top-up" or "air tickets".') })}
          ${field(t('Checkout origins'), 'origins', form, {
            multiline: true,
            required: true,
            hint: t('One per line, exactly as the browser shows it: https://shop.example (http only for localhost).'),
          })}
          ${field(t('Webhook URL'), 'webhookUrl', form, {
            type: 'url',
            required: true,
            hint: t('Pouch posts signed payment events here.'),
          })}
          ${field(t('Email'), 'email', form, { type: 'email', required: true, attrs: 'autocomplete="username"' })}
          ${field(t('Password'), 'password', form, {
            type: 'password',
            required: true,
            hint: t('At least 12 characters.'),
            attrs: 'autocomplete="new-password"',
          })}
          <button type="submit">${t('Open my shop')}</button>
        </form>
      </section>
      <p>${t('Already selling with Pouch?')} <a href="/console/sign-in">${t('Sign in')}</a></p>
    </div>`,
  );
}

export function signInPage(form: Form, alert?: string) {
  return consoleLayout(
    t('Sign in'),
    html`<div class="center">
      <h1>${t('Merchant console')}</h1>
      <section>
        ${alert ? html`<p class="alert" role="alert">${alert}</p>` : formAlert(form.errors)}
        <form method="post" action="/console/sign-in">
          ${field(t('Email'), 'email', form, { type: 'email', required: true, attrs: 'autocomplete="username"' })}
          ${field(
            t('Password'),
            'password',
            { ...form, values: {} },
            {
              type: 'password',
              required: true,
              attrs: 'autocomplete="current-password"',
            },
          )}
          <button type="submit">${t('Sign in')}</button>
        </form>
      </section>
      <p>${t('New to Pouch?')} <a href="/console/sign-up">${t('Open a shop')}</a></p>
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
    t('Your keys'),
    html`<h1>${t('{shop} is open for Pouch payments', { shop: shopName })}</h1>
      <section>
        <h2>${t('Your keys — shown once')}</h2>
        <p class="secret" role="note">
          ${t(
            "Copy these to your server's secret store now. Pouch keeps only a hash of the API key and the public half of your signing key; this page will not show them again.",
          )}
        </p>
        <table>
          <tr>
            <th>${t('Merchant id')}</th>
            <td>
              <code id="merchant-id" data-testid="merchant-id">${credentials.merchantId}</code>
              ${copyButton('merchant-id', t('the merchant id'))}
            </td>
          </tr>
          <tr>
            <th>${t('Key id (kid)')}</th>
            <td><code id="kid">${credentials.kid}</code> ${copyButton('kid', t('the key id'))}</td>
          </tr>
          <tr>
            <th>${t('API key')}</th>
            <td>
              <code id="api-key" data-testid="api-key">${credentials.apiKey}</code>
              ${copyButton('api-key', t('the API key'))}
            </td>
          </tr>
          <tr>
            <th>${t('Webhook secret')}</th>
            <td>
              <code id="webhook-secret" data-testid="webhook-secret">${credentials.webhookSecret}</code>
              ${copyButton('webhook-secret', t('the webhook secret'))}
            </td>
          </tr>
        </table>
        ${
          credentials.privateJwk
            ? html`<h2>${t('Private signing key (JWK)')}</h2>
                <div class="copyable">
                  <pre id="private-jwk" data-testid="private-jwk">
${JSON.stringify(credentials.privateJwk, null, 2)}</pre>
                  ${copyButton('private-jwk', t('the private signing key'))}
                </div>`
            : ''
        }
      </section>
      <section>
        <h2>${t('Next: prove your checkout origins')}</h2>
        <p>
          ${t('Pouch pays checkouts only on origins you control. On each origin, serve this file, then press Verify on')}
          <a href="/console/keys">${t('Keys & snippet')}</a> (<code>POST /v1/merchant/origins/verify</code>):
        </p>
        <ul>
          ${credentials.origins.map(
            (o) => html`<li><code>${o.verificationUrl}</code>: <code>${JSON.stringify(o.verificationFile)}</code></li>`,
          )}
        </ul>
      </section>
      ${integrationSnippet(credentials.merchantId, origin)}
      <p>
        <a href="/console/keys">${t('Verify your origins')}</a> ·
        <a href="/console/payments">${t('Go to the console')}</a>
      </p>`,
    { name: shopName },
  );
}

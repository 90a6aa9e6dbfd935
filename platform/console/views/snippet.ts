import { html } from 'hono/html';
import { t } from '../i18n/language';
import { copyButton } from './copy';

/** How to take the first payment: the page markup and the server code, with this shop's own id. */
export function integrationSnippet(merchantId: string, origin: string) {
  const page = `<meta name="pouch-merchant" content="${merchantId}">
<!-- on the checkout page, where the Pay with Pouch button should appear: -->
<script type="application/pouch-checkout+jws">SIGNED_TAG_FOR_THIS_ORDER</script>`;
  const server = `import { signCheckoutTag, checkoutTagHtml, verifyWebhook } from '@pouch/merchant-kit';

const key = { merchantId: '${merchantId}', kid: process.env.POUCH_KID, privateJwk: JSON.parse(process.env.POUCH_PRIVATE_JWK) };
const tag = await signCheckoutTag(key, {
  origin: '${origin}', orderId: order.id, amount: order.totalFen, currency: 'CNY', label: order.title,
});
res.send(checkoutPage(order, checkoutTagHtml(tag)));

// Ship on the webhook, never on the page event:
const event = verifyWebhook(process.env.POUCH_WEBHOOK_SECRET, rawBody, req.headers); // Standard Webhooks`;
  return html`<section>
    <h2>${t('Snippet')}</h2>
    <p>${t('On every page of your shop, and the signed tag on the checkout page:')}</p>
    <div class="copyable">
      <pre id="snippet-page" data-testid="snippet">${page}</pre>
      ${copyButton('snippet-page', t('the page snippet'))}
    </div>
    <p>
      ${t('On your server, with the merchant kit')} (<code>npm install pouch-merchant-kit-0.1.0.tgz</code>;
      ${t('other languages:')} <code>merchant/SPEC.md</code>; <a href="/docs">${t('the API reference')}</a>):
    </p>
    <div class="copyable">
      <pre id="snippet-server">${server}</pre>
      ${copyButton('snippet-server', t('the server code'))}
    </div>
  </section>`;
}

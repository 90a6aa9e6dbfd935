import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { formatMoney } from '../../protocol/money-format';
import { CATALOG, KIND_TITLES, productById, type Product } from './catalog';
import type { Customer } from './accounts';
import type { Order } from './orders';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const yuan = (fen: number) => formatMoney({ amount: fen, currency: 'CNY' }, 'zh-CN');

const STYLE = `
  body { font: 16px/1.5 system-ui, 'PingFang SC', 'Noto Sans CJK SC', sans-serif; margin: 0; color: #1d1d1f; background: #f6f4ef; }
  header { background: #1f3a5f; color: #fff; padding: 14px 24px; display: flex; align-items: baseline; gap: 16px; }
  header a { color: #fff; text-decoration: none; font-weight: 700; font-size: 20px; }
  header span { opacity: .8; font-size: 14px; flex: 1; }
  header nav a { font-size: 15px; font-weight: 600; }
  main { max-width: 880px; margin: 24px auto; padding: 0 20px; }
  h2 { margin: 28px 0 10px; font-size: 18px; }
  .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 14px; }
  .card { background: #fff; border-radius: 12px; padding: 16px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
  .card h3 { margin: 0 0 4px; font-size: 16px; }
  .card p { margin: 0 0 10px; color: #5f6368; font-size: 14px; }
  .price { font-size: 20px; font-weight: 700; color: #1f3a5f; }
  button, .button { font: inherit; background: #1f3a5f; color: #fff; border: 0; border-radius: 8px; padding: 8px 16px; cursor: pointer; }
  .checkout { background: #fff; border-radius: 12px; padding: 20px 24px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
  .checkout h2:first-child { margin-top: 0; }
  .total { font-size: 28px; font-weight: 700; }
  #status { margin-top: 14px; font-weight: 600; }
  .paid { color: #1e6b34; } .failed { color: #b3261e; }
  label { display: block; margin: 10px 0 4px; font-weight: 600; }
  input { font: inherit; padding: 8px; border: 1px solid #bbb; border-radius: 6px; width: 260px; }
  footer { text-align: center; color: #888; font-size: 13px; margin: 40px 0; }
`;

export function layout(title: string, body: Html, options: { merchantId?: string; head?: Html } = {}) {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        ${options.merchantId ? html`<meta name="pouch-merchant" content="${options.merchantId}" />` : ''}
        <title>${title} — Pouch Demo Shop</title>
        <style>
          ${raw(STYLE)}
        </style>
        ${options.head ?? ''}
      </head>
      <body>
        <header>
          <a href="/">Pouch Demo Shop</a><span>Top-ups · game cards · air tickets — a Pouch partner (sandbox)</span>
          <nav><a href="/account">Account</a></nav>
        </header>
        <main>${body}</main>
        <footer>Demo partner shop for the Pouch wallet. Payments run on the Pouch sandbox; no real money moves.</footer>
      </body>
    </html>`;
}

export function catalogPage(merchantId: string) {
  const kinds = [...new Set(CATALOG.map((p) => p.kind))];
  return layout(
    'Shop',
    html`${kinds.map(
      (kind) =>
        html`<h2>${KIND_TITLES[kind]}</h2>
          <div class="grid">
            ${CATALOG.filter((p) => p.kind === kind).map(
              (product: Product) =>
                html`<form class="card" method="post" action="/orders">
                  <h3>${product.name}</h3>
                  <p>${product.detail}</p>
                  <div class="price">${yuan(product.price)}</div>
                  <input type="hidden" name="productId" value="${product.id}" />
                  <p></p>
                  <button type="submit">Buy</button>
                </form>`,
            )}
          </div>`,
    )}`,
    { merchantId },
  );
}

/** Listens for the extension's result on the tag and follows the order until the webhook marks it paid. */
const FOLLOW_ORDER = (orderId: string) => `
  const tag = document.querySelector('script[type="application/pouch-checkout+jws"]');
  const status = document.getElementById('status');
  async function follow() {
    for (;;) {
      const order = await (await fetch('/orders/${orderId}.json')).json();
      if (order.status === 'paid') { status.textContent = 'Order paid. Thank you!'; status.className = 'paid'; return; }
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  tag && tag.addEventListener('pouch:paid', (e) => { status.textContent = 'Payment received, confirming…'; status.dataset.paymentId = e.detail && e.detail.paymentId; follow(); });
  tag && tag.addEventListener('pouch:agreed', () => { status.textContent = 'Auto-pay set up, charging the first month…'; follow(); });
  tag && tag.addEventListener('pouch:failed', (e) => { status.textContent = 'Not paid: ' + (e.detail && e.detail.reason); status.className = 'failed'; status.dataset.reason = e.detail && e.detail.reason; });
`;

export function checkoutPage(
  order: Order,
  tagHtml: string,
  options: { merchantId?: string; before?: Html; after?: string; head?: Html } = {},
) {
  const monthly = productById(order.productId)?.period === 'month';
  return layout(
    'Checkout',
    html`<div class="checkout">
        <h2>Checkout · order ${order.id}</h2>
        <p>${order.name}</p>
        <p class="total" id="total">${yuan(order.amount)}${monthly ? ' a month' : ''}</p>
        <p>
          ${
            monthly
              ? 'Renews each month by Pouch auto-pay, up to this amount; cancel any time in your wallet.'
              : 'Pay in one click with Pouch — no sign-up, no card number.'
          }
        </p>
        ${options.before ?? ''}
        <div id="pay-here">${raw(tagHtml)}</div>
        <p id="status" role="status">Awaiting payment</p>
        <p><a href="/orders/${order.id}">Order page</a></p>
      </div>
      <script>
        ${raw(FOLLOW_ORDER(order.id))};
        ${raw(options.after ?? '')};
      </script>`,
    { merchantId: options.merchantId, head: options.head },
  );
}

export function orderPage(order: Order, merchantId: string) {
  return layout(
    `Order ${order.id}`,
    html`<div class="checkout">
      <h2>Order ${order.id}</h2>
      <p>${order.name} · ${yuan(order.amount)}</p>
      <p id="order-status" class="${order.status === 'paid' ? 'paid' : ''}">
        Status: ${order.status.replace('_', ' ')}
      </p>
      ${order.paymentId ? html`<p>Pouch payment ${order.paymentId}</p>` : ''}
      ${order.shipTo ? html`<p id="ship-to">Ships to: ${order.shipTo}</p>` : ''}
    </div>`,
    { merchantId },
  );
}

/** Hands the ID token to the shop's server, which checks it; the page itself decides nothing. */
const SIGN_IN_SCRIPT = `
  const tag = document.querySelector('script[type="application/pouch-sign-in+json"]');
  const status = document.getElementById('status');
  tag.addEventListener('pouch:signed-in', async (e) => {
    status.textContent = 'Checking your sign-in…';
    const response = await fetch('/account/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ idToken: e.detail.idToken }),
    });
    if (response.ok) return location.reload();
    status.textContent = 'Not signed in: ' + (await response.json()).error;
    status.className = 'failed';
  });
  tag.addEventListener('pouch:sign-in-failed', (e) => {
    status.textContent = 'Not signed in: ' + e.detail.reason;
    status.className = 'failed';
  });
`;

export function signInPage(tagHtml: string, merchantId: string) {
  return layout(
    'Sign in',
    html`<div class="checkout">
        <h2>Your account</h2>
        <p>
          No sign-up form and no password: sign in with your Pouch wallet. We only learn a customer number made for this
          shop.
        </p>
        <div id="sign-in-here">${raw(tagHtml)}</div>
        <p id="status" role="status">Not signed in</p>
      </div>
      <script>
        ${raw(SIGN_IN_SCRIPT)};
      </script>`,
    { merchantId },
  );
}

export function accountPage(customer: Customer, merchantId: string) {
  return layout(
    'Your account',
    html`<div class="checkout">
      <h2>Your account</h2>
      <p id="status" class="paid" role="status">
        ${customer.signIns > 1 ? 'Welcome back!' : 'Welcome!'} You are signed in with Pouch.
      </p>
      <p>Customer number <code id="customer">${customer.subject}</code></p>
      ${customer.email ? html`<p>Receipts go to <span id="email">${customer.email}</span></p>` : ''}
      <p>
        Sign-ins: <span id="sign-ins">${customer.signIns}</span> · customer since
        ${new Date(customer.firstSignInAt).toLocaleDateString('en-GB')}
      </p>
      <form method="post" action="/account/sign-out"><button type="submit">Sign out</button></form>
    </div>`,
    { merchantId },
  );
}

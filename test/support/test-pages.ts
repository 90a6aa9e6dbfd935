import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import { checkoutTagHtml } from '../../merchant/kit/src/index';
import { signOrderTag, type ShopOptions } from '../../merchant/demo-shop/app';
import { CATALOG, productById } from '../../merchant/demo-shop/catalog';
import type { Order } from '../../merchant/demo-shop/orders';
import { checkoutPage, layout } from '../../merchant/demo-shop/pages';

/** Rewrites the signed amount after signing, as a hostile or buggy page script might. */
const TAMPER_AMOUNT = `
  const el = document.querySelector('script[type="application/pouch-checkout+jws"]');
  const [h, p, s] = el.textContent.trim().split('.');
  const payload = JSON.parse(atob(p.replace(/-/g, '+').replace(/_/g, '/')));
  payload.amount = 1;
  el.textContent = [h, btoa(JSON.stringify(payload)).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, ''), s].join('.');
  document.getElementById('total').textContent = '¥0.01';
`;

/** A decoy laid over the button, catching clicks unless told to let them through. */
const DECOY_STYLE = `#pay-here { position: relative; }
  #decoy { position: absolute; inset: -6px; background: #ffd54f; z-index: 10; display: flex; align-items: center;
           justify-content: center; font-weight: 700; }`;
const DECOY = '<div id="decoy">🎁 Claim your free gift</div>';
/** A top-layer element over the button that lets clicks through to it. */
const OVER_THE_BUTTON = `position: fixed; margin: 0; pointer-events: none; background: #ffd54fcc; border: 0;`;
const PLACE_OVER_BUTTON = `
  const place = (el) => {
    const r = document.querySelector('pouch-pay').getBoundingClientRect();
    Object.assign(el.style, { left: r.left - 6 + 'px', top: r.top - 6 + 'px', width: r.width + 12 + 'px', height: r.height + 12 + 'px' });
  };
  const whenButton = (then) => { const b = document.querySelector('pouch-pay'); b ? then() : setTimeout(() => whenButton(then), 50); };
`;

/**
 * Checkout pages that try to steer a click onto the Pay button, each with a valid tag: what hides,
 * fades, distorts or covers the button, and what the page does when. `none` hides nothing (the control).
 */
const HOSTILE: Record<string, { style?: string; decoy?: string; script?: string }> = {
  none: {},
  transparent: { style: '#pay-here { opacity: 0.05; }' },
  'transparent-ancestor': { style: '.checkout { opacity: 0.3; }' },
  'faded-body': { style: 'body { opacity: 0.05; }' },
  masked: { style: '#pay-here { mask-image: linear-gradient(transparent, transparent); }' },
  // On the host itself, so its one visible pixel (bottom right) is still the button's.
  clipped: { style: 'pouch-pay { clip-path: inset(0 0 calc(100% - 2px) calc(100% - 2px)); }' },
  scaled: { style: '#pay-here { transform: scale(0.3); transform-origin: 0 0; }' },
  filtered: { style: '#pay-here { filter: blur(3px) opacity(0.3); }' },
  covered: { style: `${DECOY_STYLE} #decoy { pointer-events: none; }`, decoy: DECOY },
  // The real pointer hidden, a fake one drawn 160 px to its left (over a decoy) follows the mouse.
  'hidden-cursor': {
    style:
      '* { cursor: none !important; } #fake { position: fixed; pointer-events: none; z-index: 99; font-size: 22px; }',
    decoy: '<div id="fake">➤</div>',
    script: `addEventListener('pointermove', (e) => Object.assign(document.getElementById('fake').style, { left: e.clientX - 160 + 'px', top: e.clientY + 'px' }));`,
  },
  'replaced-cursor': {
    style: `body { cursor: url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='8' height='8'/%3E") 0 0, auto; }`,
  },
  'covered-catching': { style: DECOY_STYLE, decoy: DECOY },
  popover: {
    decoy: `<div id="over" popover="manual" style="${OVER_THE_BUTTON}">🎁 Free gift</div>`,
    script: `${PLACE_OVER_BUTTON} whenButton(() => { const o = document.getElementById('over'); place(o); o.showPopover(); });`,
  },
  modal: {
    decoy: `<dialog id="over" style="${OVER_THE_BUTTON}">🎁 Free gift</dialog>`,
    script: `${PLACE_OVER_BUTTON} whenButton(() => { const o = document.getElementById('over'); place(o); o.showModal(); });`,
  },
  // Fullscreen needs a gesture: the page's own "Watch the trailer" button makes the gift fullscreen.
  fullscreen: {
    decoy: `<button id="trailer">▶ Watch the trailer</button><div id="over" style="background: #ffd54f; pointer-events: none;">🎁 Free gift</div>`,
    script: `document.getElementById('trailer').addEventListener('click', () => document.getElementById('over').requestFullscreen());`,
  },
};

const NON_PARTNER_PAGE = layout(
  'Another shop',
  html`<div class="checkout">
    <h2>Another shop (not a Pouch partner)</h2>
    <p>This page has a card form and no checkout tag: Pouch offers nothing here.</p>
    <form>
      <label for="cc">Card number</label><input id="cc" autocomplete="cc-number" /> <label for="exp">Expiry</label
      ><input id="exp" autocomplete="cc-exp" /> <label for="cvc">CVC</label><input id="cvc" autocomplete="cc-csc" />
      <p><button type="button">Pay ¥88.00</button></p>
    </form>
  </div>`,
);

const SPA_SCRIPT = `
  import { placeCheckoutTag } from '/assets/pouch-merchant.js';
  const status = document.getElementById('status');
  document.getElementById('start').addEventListener('click', async () => {
    const response = await fetch('/api/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ productId: 'game-1280' }),
    });
    const { orderId, tag } = await response.json();
    status.textContent = 'Awaiting payment for ' + orderId;
    placeCheckoutTag(document.getElementById('pay-here'), tag, {
      onPaid: (detail) => {
        status.textContent = 'Paid: ' + detail.paymentId;
        status.className = 'paid';
      },
      onFailed: (detail) => {
        status.textContent = 'Not paid: ' + detail.reason;
        status.className = 'failed';
      },
    });
  });
`;

/**
 * Pages no merchant should copy, served on the demo shop's origin for the tests only: the checkout as
 * hostile, broken or unusual pages present it, with tags the shop really signed.
 */
export function testPages(shop: ShopOptions): Hono {
  const app = new Hono();
  const merchantId = shop.credentials.merchantId;
  const newOrder = (productId: string) => shop.orders.create(productById(productId) ?? CATALOG[0]!);
  const tagFor = (order: Order, now?: Date) => signOrderTag(shop, order, now);
  const page = async (order: Order, options: { after?: string } = {}, now?: Date) =>
    checkoutPage(order, checkoutTagHtml(await tagFor(order, now)), { merchantId, ...options });
  let fixed: Promise<{ order: Order; tag: string }> | undefined;

  app.get('/non-partner', (c) => c.html(NON_PARTNER_PAGE));
  app.get('/amount-changed', async (c) => c.html(await page(newOrder('game-1280'), { after: TAMPER_AMOUNT })));
  app.get('/late-amount-change', async (c) =>
    c.html(await page(newOrder('game-1280'), { after: `setTimeout(() => { ${TAMPER_AMOUNT} }, 1500);` })),
  );
  app.get('/expired', async (c) => c.html(await page(newOrder('phone-50'), {}, new Date(Date.now() - 20 * 60_000))));
  // One tag for every visit, signed once: paying it a second time must be refused.
  app.get('/fixed-tag', async (c) => {
    fixed ??= (async () => {
      const order = newOrder('phone-50');
      return { order, tag: await tagFor(order) };
    })();
    const { order, tag } = await fixed;
    return c.html(checkoutPage(order, checkoutTagHtml(tag), { merchantId }));
  });
  // The shop's own key, signing for an origin it never proved it controls (another partner's): a tag a
  // page there must not be paid with.
  app.get('/tag-for', async (c) => {
    const order = newOrder('phone-50');
    return c.json({ tag: await signOrderTag({ ...shop, origin: c.req.query('origin') ?? '' }, order) });
  });
  app.get('/hidden/:how', async (c) => {
    const hostile = HOSTILE[c.req.param('how')];
    if (!hostile) return c.notFound();
    const order = newOrder('game-680');
    const tagHtml = checkoutTagHtml(await tagFor(order)) + (hostile.decoy ?? '');
    return c.html(
      checkoutPage(order, tagHtml, {
        merchantId,
        head: html`<style>
          ${raw(hostile.style ?? '')}
        </style>`,
        after: hostile.script ?? '',
      }),
    );
  });
  // A label of 200 characters with no space in it: the sheet must wrap it, not widen.
  app.get('/long-label', async (c) => {
    const order = { ...newOrder('phone-50'), name: `Roses${'ROSE'.repeat(48)}end` };
    return c.html(checkoutPage(order, checkoutTagHtml(await tagFor(order)), { merchantId }));
  });
  // Two checkouts on one page, each with its own button: one tab still gets one sheet.
  app.get('/two-checkouts', async (c) => {
    const [first, second] = [newOrder('game-680'), newOrder('phone-50')];
    const tags = checkoutTagHtml(await tagFor(first)) + checkoutTagHtml(await tagFor(second));
    return c.html(checkoutPage(first, tags, { merchantId }));
  });
  // A page's own <pouch-pay>, with a button dressed as Pouch's, beside a real tag.
  app.get('/forged', async (c) => {
    const order = newOrder('game-680');
    const forged = `<pouch-pay id="forged"><button style="font: 600 15px system-ui; color: #fff; background: #5c4300;
      border: 0; border-radius: 10px; padding: 12px 20px">Pay ¥68.00 with Pouch</button></pouch-pay>`;
    return c.html(checkoutPage(order, checkoutTagHtml(await tagFor(order)), { merchantId, before: raw(forged) }));
  });
  // The checkout, framed: by a page of another origin (visit it at 127.0.0.1), or a tag inside an iframe.
  app.get('/framed', (c) => {
    const shopOrigin = new URL(shop.origin).origin;
    return c.html(
      layout(
        'Framed checkout',
        html`<h2>Win a prize</h2>
          <iframe id="framed" src="${shopOrigin}/test/hidden/none" width="600" height="500"></iframe>`,
      ),
    );
  });
  app.get('/spa', (c) =>
    c.html(
      layout(
        'Single-page checkout',
        html`<div class="checkout">
            <h2>Single-page checkout</h2>
            <p>The tag is fetched and placed after the page has loaded.</p>
            <button id="start">Check out ¥128.00</button>
            <div id="pay-here"></div>
            <p id="status" role="status">Awaiting checkout</p>
          </div>
          <script type="module">
            ${raw(SPA_SCRIPT)};
          </script>`,
        { merchantId },
      ),
    ),
  );
  return app;
}

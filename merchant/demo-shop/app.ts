import { transform } from 'esbuild';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkoutTagHtml, merchantApi, signCheckoutTag, signInTagHtml, verifyWebhook } from '../kit/src/index';
import { AccountDesk } from './accounts';
import { CATALOG, productById } from './catalog';
import type { ShopCredentials } from './credentials';
import type { Order, OrderBook } from './orders';
import { accountPage, catalogPage, checkoutPage, orderPage, signInPage } from './pages';

export interface ShopOptions {
  credentials: ShopCredentials;
  orders: OrderBook;
  /** The origin registered with Pouch; tags name it. */
  origin: string;
}

/** The checkout tag for one order, signed with the shop's key for its registered origin. */
export const signOrderTag = ({ credentials, origin }: ShopOptions, order: Order, now = new Date()): Promise<string> => {
  const product = productById(order.productId);
  const base = { origin, orderId: order.id, amount: order.amount, currency: 'CNY', label: order.name };
  // A membership asks for a password-free agreement: up to its price each period, for a year.
  if (product?.period) {
    const end = Math.floor(now.getTime() / 1000) + 365 * 86_400;
    return signCheckoutTag(
      credentials,
      { ...base, mode: 'agreement', agreement: { period: product.period, end } },
      now,
    );
  }
  return signCheckoutTag(
    credentials,
    {
      ...base,
      items: [{ name: order.name, qty: 1, amount: order.amount }],
      // Air tickets are paid into escrow: the shop is paid once the traveller confirms the ticket.
      mode: product?.kind === 'flight' ? 'escrow' : 'direct',
      // Posted goods need somewhere to go: the shopper shares an address and a contact, in the wallet.
      ...(product?.ships && { share: ['address', 'contact'] as ('address' | 'contact')[] }),
    },
    now,
  );
};

/**
 * A shopper accepted a membership's agreement: charge its first month now, under the agreement, for
 * the order it was offered on (the agreement's reference). The key makes a redelivered event charge once.
 */
async function chargeFirstPeriod(shop: ShopOptions, agreement: { id: string; reference: string }): Promise<void> {
  const order = shop.orders.get(agreement.reference);
  if (!order || order.status !== 'awaiting_payment') return;
  const api = merchantApi(shop.credentials.platformUrl, shop.credentials.apiKey);
  await api.chargeAgreement(agreement.id, `first-${agreement.id}`, { orderId: order.id, amount: order.amount });
}

export function createShopApp(shop: ShopOptions) {
  const { credentials, orders } = shop;
  const app = new Hono();
  const merchantId = credentials.merchantId;
  const tagFor = (order: Order, now?: Date) => signOrderTag(shop, order, now);
  const newOrder = (productId: string) => orders.create(productById(productId) ?? CATALOG[0]!);
  let helperScript: Promise<string> | undefined;

  app.get('/', (c) => c.html(catalogPage(merchantId)));

  // Sign in with Pouch: the page carries a nonce tied to this visitor's ticket cookie; the ID token must echo it.
  const desk = new AccountDesk({ platformUrl: credentials.platformUrl, merchantId });
  const cookie = { httpOnly: true, sameSite: 'Lax', path: '/' } as const;
  app.get('/account', (c) => {
    const customer = desk.customerOf(getCookie(c, 'shop_session'));
    if (customer) return c.html(accountPage(customer, merchantId));
    const { ticket, nonce } = desk.startSignIn();
    setCookie(c, 'shop_sign_in', ticket, { ...cookie, maxAge: 600 });
    // `?share=contact`: the page also asks for the shopper's email, for receipts; they choose in Pouch.
    const scope = c.req.query('share') === 'contact' ? (['contact'] as const) : undefined;
    return c.html(signInPage(signInTagHtml({ merchantId, nonce, ...(scope && { scope: [...scope] }) }), merchantId));
  });
  app.post('/account/sign-in', async (c) => {
    const { idToken } = await c.req.json<{ idToken?: unknown }>().catch(() => ({ idToken: undefined }));
    if (typeof idToken !== 'string') return c.json({ error: 'expected idToken: the token Pouch gave the page' }, 400);
    try {
      const { session, customer } = await desk.finishSignIn(getCookie(c, 'shop_sign_in') ?? '', idToken);
      deleteCookie(c, 'shop_sign_in', cookie);
      setCookie(c, 'shop_session', session, cookie);
      return c.json(customer);
    } catch (error) {
      return c.json({ error: (error as Error).message }, 400);
    }
  });
  app.post('/account/sign-out', (c) => {
    desk.signOut(getCookie(c, 'shop_session'));
    deleteCookie(c, 'shop_session', cookie);
    return c.redirect('/account', 303);
  });

  app.post('/orders', async (c) => {
    const form = await c.req.parseBody();
    const product = productById(String(form.productId ?? ''));
    if (!product) return c.text('Unknown product', 400);
    return c.redirect(`/checkout/${orders.create(product).id}`, 303);
  });

  // A fresh tag on every render: each carries its own jti and a 15-minute expiry.
  app.get('/checkout/:id', async (c) => {
    const order = orders.get(c.req.param('id'));
    if (!order) return c.notFound();
    if (order.status !== 'awaiting_payment') return c.redirect(`/orders/${order.id}`);
    return c.html(checkoutPage(order, checkoutTagHtml(await tagFor(order)), { merchantId }));
  });

  app.get('/orders/:id{.+\\.json}', (c) => {
    const order = orders.get(c.req.param('id').replace(/\.json$/, ''));
    return order ? c.json(order) : c.json({ error: 'not found' }, 404);
  });
  app.get('/orders/:id', (c) => {
    const order = orders.get(c.req.param('id'));
    return order ? c.html(orderPage(order, merchantId)) : c.notFound();
  });

  /** The merchant ships on this, never on the page event: the signature proves Pouch sent it. */
  app.post('/webhooks/pouch', async (c) => {
    const rawBody = await c.req.text();
    let event;
    try {
      event = verifyWebhook(credentials.webhookSecret, rawBody, c.req.raw.headers);
    } catch (error) {
      return c.json({ error: (error as Error).message }, 400);
    }
    const payment = event.data.payment as { id: string; orderId: string; status: string } | undefined;
    // Only money events move an order; a shopper's message about a refunded order must not mark it paid.
    if (payment && (event.type === 'payment.succeeded' || event.type === 'payment.refunded')) {
      const status = event.type === 'payment.refunded' && payment.status === 'refunded' ? 'refunded' : 'paid';
      const shipTo = (event.data.shared as { address?: Record<string, string> } | undefined)?.address;
      orders.apply(event.id, payment.orderId, {
        status,
        paymentId: payment.id,
        ...(shipTo && { shipTo: [shipTo.name, shipTo.region, shipTo.street].join(', ') }),
      });
    }
    if (event.type === 'agreement.created') {
      // A failed charge (the shopper's balance is short) leaves the order awaiting payment; the event is still received.
      await chargeFirstPeriod(shop, event.data.agreement as { id: string; reference: string }).catch((error) =>
        console.error(
          `demo shop: the first charge under ${String((event.data.agreement as { id: string }).id)} failed:`,
          error,
        ),
      );
    }
    return c.json({ received: true });
  });

  app.post('/api/orders', async (c) => {
    const { productId } = await c.req.json<{ productId?: string }>();
    const order = newOrder(productId ?? '');
    return c.json({ orderId: order.id, tag: await tagFor(order) });
  });

  app.get('/assets/pouch-merchant.js', async (c) => {
    helperScript ??= transform(readFileSync(resolve(import.meta.dirname, '../kit/src/browser.ts'), 'utf8'), {
      loader: 'ts',
      format: 'esm',
    }).then((r) => r.code);
    return c.body(await helperScript, 200, { 'content-type': 'text/javascript' });
  });

  return app;
}

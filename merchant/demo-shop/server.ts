import { serve, type ServerType } from '@hono/node-server';
import { mkdirSync } from 'node:fs';
import { Hono } from 'hono';
import { merchantApi, ORIGIN_VERIFICATION_PATH, originVerificationBody } from '../kit/src/index';
import { createShopApp, type ShopOptions } from './app';
import { shopCredentials, type ShopCredentials } from './credentials';
import { OrderBook } from './orders';

export interface RunningShop {
  url: string;
  credentials: ShopCredentials;
  orders: OrderBook;
  close(): Promise<void>;
}

/**
 * Starts the demo shop on `port` (0: any free port), registered with Pouch for `http://localhost:PORT`.
 * The same server answers on 127.0.0.1, an origin it did not register: the tests use that as the copy.
 */
export async function startShop(options: {
  platformUrl: string;
  dataDir: string;
  port: number;
  /** More pages on the shop's origin, under `/test/` (the tests' hostile pages; the demo itself has none). */
  testPages?: (shop: ShopOptions) => Hono;
}): Promise<RunningShop> {
  mkdirSync(options.dataDir, { recursive: true });
  // The shop must listen before it signs up (its port names its origin), and answers 503 until then.
  const ready: { app?: Hono } = {};
  const server: ServerType = await new Promise((resolve) => {
    const s = serve(
      {
        fetch: (request) => (ready.app ? ready.app.fetch(request) : new Response('starting', { status: 503 })),
        port: options.port,
        hostname: '127.0.0.1',
      },
      () => resolve(s),
    );
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const origin = `http://localhost:${port}`;
  const credentials = await shopCredentials({
    dataDir: options.dataDir,
    platformUrl: options.platformUrl,
    origin,
    webhookUrl: `http://127.0.0.1:${port}/webhooks/pouch`,
  });
  const orders = new OrderBook(options.dataDir);
  const shop = { credentials, orders, origin };
  const api = merchantApi(options.platformUrl, credentials.apiKey);
  // Proof that this server is the shop's origin: Pouch fetches it before it pays checkouts here.
  const verification = await originVerificationBody(api, origin);
  const app = new Hono();
  app.get(ORIGIN_VERIFICATION_PATH, (c) => c.body(verification, 200, { 'content-type': 'application/json' }));
  if (options.testPages) app.route('/test', options.testPages(shop));
  ready.app = app.route('/', createShopApp(shop));
  await api.verifyOrigin(origin);
  return { url: origin, credentials, orders, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

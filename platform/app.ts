import { cors } from 'hono/cors';
import { jsonApi, openApiDocument } from './api';
import { consoleRoutes } from './console/routes';
import type { Platform } from './context';
import { plainTextUrl } from './plain-text';
import { onError, problem } from './problem';
import { routeNotFound } from './refusals';
import { docsRoutes } from './routes/docs';
import { router } from './routes/define';

/** The platform's HTTP face: the JSON API, its OpenAPI document and docs page, the console; problem-body errors. */
export function createApp(platform: Platform) {
  const app = router();
  app.onError(onError);
  app.notFound((c) => problem(c, routeNotFound(c.req.method, c.req.path)));
  // Wallet calls come from the extension's origin; auth is a bearer token, never a cookie, so any origin is safe.
  app.use(
    '*',
    cors({
      origin: '*',
      allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-none-match'],
      exposeHeaders: ['etag', 'idempotent-replayed'],
    }),
  );
  app.use('*', async (c, next) => {
    c.set('platform', platform);
    await next();
  });
  app.use('*', plainTextUrl);
  const api = jsonApi();
  app.route('/', api);
  // The merchant console: server-rendered pages with a session cookie, outside the JSON API.
  app.route('/', consoleRoutes());
  const document = openApiDocument(api);
  app.get('/openapi.json', (c) => c.json(document));
  app.route('/', docsRoutes(document));
  return app;
}

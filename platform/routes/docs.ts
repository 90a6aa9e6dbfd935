import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import { referenceParts } from '../api';
import type { Env } from '../context';

/** Swagger UI's files, from the npm package: the reference needs no CDN and no remote script. */
const ASSETS = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
} as const;
// The package's folder, found through its package.json: its main module would load the whole bundle into Node.
const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/**
 * Starts Swagger UI twice on the platform's own OpenAPI document, split: the shop's part first (getting
 * started, its operations, the webhooks), then the extension's. A file, since the page allows no inline script.
 */
const START = `window.addEventListener('load', () => {
  const options = { deepLinking: true, docExpansion: 'list', defaultModelsExpandDepth: 0, tryItOutEnabled: false };
  window.shop = SwaggerUIBundle({ ...options, url: '/docs/shop.json', dom_id: '#shop' });
  window.extension = SwaggerUIBundle({ ...options, url: '/docs/extension.json', dom_id: '#extension' });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Pouch platform — API reference</title>
    <link rel="stylesheet" href="/docs/assets/swagger-ui.css" />
  </head>
  <body>
    <main>
      <noscript>The reference needs JavaScript; the document itself is <a href="/openapi.json">/openapi.json</a>.</noscript>
      <div id="shop"></div>
      <div id="extension"></div>
    </main>
    <script src="/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/docs/assets/start.js"></script>
  </body>
</html>
`;

/** The reference's files, read on the first request for one (1.7 MB: not at every start of the platform). */
let files: Map<string, { body: string; type: string }> | undefined;
const docsFiles = () =>
  (files ??= new Map([
    ['start.js', { body: START, type: 'text/javascript; charset=utf-8' }],
    ...Object.entries(ASSETS).map(
      ([name, type]) => [name, { body: readFileSync(join(swaggerDir, name), 'utf8'), type }] as const,
    ),
  ]));

/**
 * `/docs`: the API reference, Swagger UI rendering the platform's OpenAPI document in two parts (the
 * shop's, then the extension's), every file served from here.
 */
export function docsRoutes(document: Parameters<typeof referenceParts>[0]) {
  const parts = referenceParts(document);
  const app = new Hono<Env>();
  app.use('/docs', async (c, next) => {
    await next();
    // Only this origin's scripts; Swagger UI sets inline styles and shows data: images.
    c.header(
      'content-security-policy',
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
  });
  app.get('/docs', (c) => c.html(PAGE));
  app.get('/docs/shop.json', (c) => c.json(parts.shop));
  app.get('/docs/extension.json', (c) => c.json(parts.extension));
  app.get('/docs/assets/:name', (c) => {
    const file = docsFiles().get(c.req.param('name'));
    if (!file) return c.notFound();
    return c.body(file.body, 200, { 'content-type': file.type, 'cache-control': 'public, max-age=3600' });
  });
  return app;
}

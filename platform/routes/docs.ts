import { html, raw } from 'hono/html';

interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths: Record<
    string,
    Record<
      string,
      {
        summary?: string;
        tags?: string[];
        security?: unknown[];
        requestBody?: { content: Record<string, { schema: unknown }> };
        parameters?: { name: string; in: string; required?: boolean }[];
        responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
      }
    >
  >;
}

const schemaBlock = (schema: unknown) => html`<pre>${JSON.stringify(schema, null, 2)}</pre>`;

/** A readable page of every operation, generated from the same OpenAPI document: no remote scripts. */
export function docsPage(doc: OpenApiDocument) {
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  );
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>${doc.info.title} — API</title>
        <style>
          body {
            font:
              15px/1.5 system-ui,
              sans-serif;
            max-width: 980px;
            margin: 2rem auto;
            padding: 0 1rem;
            color: #1d1d1f;
          }
          h2 {
            margin-top: 2rem;
            border-top: 1px solid #ddd;
            padding-top: 1rem;
            font-size: 1.1rem;
          }
          code.method {
            text-transform: uppercase;
            font-weight: 700;
            color: #5c4300;
          }
          pre {
            background: #f6f6f8;
            padding: 0.75rem;
            overflow: auto;
            font-size: 12px;
            max-height: 22rem;
          }
          details {
            margin: 0.25rem 0;
          }
        </style>
      </head>
      <body>
        <h1>${doc.info.title} <small>${doc.info.version}</small></h1>
        <p>
          ${doc.info.description ?? ''} Machine-readable: <a href="/openapi.json">/openapi.json</a>. Errors are RFC 9457
          problem bodies with <code>code</code> and, for bad input, <code>issues</code> naming each field.
        </p>
        ${operations.map(
          ({ path, method, op }) =>
            html`<h2><code class="method">${method}</code> <code>${path}</code></h2>
              <p>${op.summary ?? ''}${op.security?.length ? raw(' <em>(authenticated)</em>') : ''}</p>
              ${op.parameters?.length ? html`<p>Parameters: ${op.parameters.map((p) => html`<code>${p.name}</code> (${p.in}${p.required ? ', required' : ''}) `)}</p>` : ''}
              ${
                op.requestBody
                  ? html`<details>
                      <summary>Request body</summary>
                      ${schemaBlock(Object.values(op.requestBody.content)[0]?.schema)}
                    </details>`
                  : ''
              }
              ${Object.entries(op.responses).map(
                ([status, r]) =>
                  html`<details>
                    <summary>${status} — ${r.description}</summary>
                    ${r.content ? schemaBlock(Object.values(r.content)[0]?.schema) : ''}
                  </details>`,
              )}`,
        )}
      </body>
    </html>`;
}

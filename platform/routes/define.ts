import { OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { Context, Handler } from 'hono';
import { z } from 'zod';
import type { Env } from '../context';
import { fieldIssues, PARSE_OPTIONS } from '../../protocol/field-issues';
import { TEXT_EXPECTED, textIssues } from '../../protocol/text';
import { merchantAuth, walletAuth } from '../auth';
import { invalid } from '../problem';
import { AUTH_REFUSALS, COMMON, refusalResponses, type Refusal } from './refusals';

/** A page of a newest-first list: `limit` items after the opaque `cursor` of the previous page. */
export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1, 'expected 1 to 100').max(100, 'expected 1 to 100').default(20),
  cursor: z.string().max(500).optional(),
});

export const IdParamSchema = z.object({ id: z.string().min(1).max(100) });

export function router() {
  return new OpenAPIHono<Env>();
}

const IdempotencyHeaderSchema = z.object({
  'idempotency-key': z
    .string()
    .min(8)
    .max(200)
    .meta({ description: 'Unique per operation; a retry with the same key and body gets the first reply.' }),
});

interface Operation {
  method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI form: `/v1/merchant/payments/{id}`. */
  path: string;
  summary: string;
  tag: string;
  auth?: 'wallet' | 'merchant';
  body?: z.ZodType;
  query?: z.ZodObject;
  params?: z.ZodObject;
  idempotent?: boolean;
  reply: z.ZodType;
  status?: 200 | 201;
  /** The refusals particular to this operation, shown with examples beside the common ones. */
  refusals?: Refusal[];
}

const AUTH = { wallet: walletAuth, merchant: merchantAuth } as const;

/**
 * The 400 this operation shows as its example: its own first field, parsed from nothing, so the
 * example's words are the ones its schema would really answer with.
 */
function invalidExample(op: Operation) {
  for (const schema of [op.body, op.query, op.params]) {
    const parsed = schema?.safeParse({}, PARSE_OPTIONS);
    if (parsed && !parsed.success) return invalid(fieldIssues(parsed.error).slice(0, 1));
  }
  if (op.body) return invalid([{ field: '(body)', expected: 'a JSON body with content-type: application/json' }]);
  // Any operation: a path or query that is not plain text is refused before it runs (plain-text.ts).
  return invalid([{ field: '(path)', expected: TEXT_EXPECTED }], 'The address has parts that are not plain text.');
}

function describe(op: Operation): RouteConfig {
  return {
    method: op.method,
    path: op.path,
    summary: op.summary,
    tags: [op.tag],
    ...(op.auth && { security: [{ [op.auth === 'wallet' ? 'walletSession' : 'merchantApiKey']: [] }] }),
    request: {
      ...(op.body && { body: { content: { 'application/json': { schema: op.body } }, required: true } }),
      ...(op.query && { query: op.query }),
      ...(op.params && { params: op.params }),
      ...(op.idempotent && { headers: IdempotencyHeaderSchema }),
    },
    responses: {
      [op.status ?? 200]: { description: 'Success', content: { 'application/json': { schema: op.reply } } },
      ...refusalResponses([
        invalidExample(op),
        ...(op.auth ? AUTH_REFUSALS[op.auth] : []),
        ...(op.refusals ?? []),
        COMMON.internal,
        COMMON.tryAgain,
      ]),
    },
  };
}

/**
 * Adds one operation: documented in the OpenAPI registry from the protocol schemas, served by `handler`,
 * which reads its input through `readBody` / `readQuery` / `readParams` with the same schemas.
 */
export function operation(app: OpenAPIHono<Env>, op: Operation, handler: Handler<Env>): void {
  // The API's own paths say who may call them; an operation that forgets its auth must not start.
  const needs = /^\/v1\/(wallet(\/|$)|payments$)/.test(op.path)
    ? 'wallet'
    : /^\/v1\/merchant\//.test(op.path)
      ? 'merchant'
      : undefined;
  if (needs !== op.auth) throw new Error(`invariant: ${op.method} ${op.path} needs auth "${needs}", has "${op.auth}"`);
  app.openAPIRegistry.registerPath(describe(op));
  const path = op.path.replace(/\{(\w+)\}/g, ':$1');
  const method = op.method.toUpperCase();
  if (op.auth) app.on(method, path, AUTH[op.auth], handler);
  else app.on(method, path, handler);
}

export async function readBody<S extends z.ZodType>(c: Context<Env>, schema: S): Promise<z.infer<S>> {
  if (!(c.req.header('content-type') ?? '').includes('application/json')) {
    throw invalid(
      [{ field: '(body)', expected: 'a JSON body with content-type: application/json' }],
      'The body must be JSON.',
    );
  }
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    throw invalid([{ field: '(body)', expected: 'a well-formed JSON document' }], 'The body is not valid JSON.');
  }
  const faults = textIssues(json);
  if (faults.length) throw invalid(faults, 'The body has fields that are not plain text.');
  const parsed = schema.safeParse(json, PARSE_OPTIONS);
  if (!parsed.success) throw invalid(fieldIssues(parsed.error));
  return parsed.data;
}

export function readQuery<S extends z.ZodType>(c: Context<Env>, schema: S): z.infer<S> {
  const parsed = schema.safeParse(c.req.query(), PARSE_OPTIONS);
  if (!parsed.success) throw invalid(fieldIssues(parsed.error), 'The query string has invalid parameters.');
  return parsed.data;
}

export function readParams<S extends z.ZodType>(c: Context<Env>, schema: S): z.infer<S> {
  const parsed = schema.safeParse(c.req.param(), PARSE_OPTIONS);
  if (!parsed.success) throw invalid(fieldIssues(parsed.error), 'The path has invalid parameters.');
  return parsed.data;
}

/** The signed-in wallet's session, as the step-up and device rules take it. */
export function walletSession(c: Context<Env>) {
  return { walletId: c.var.walletId, deviceId: c.var.deviceId, sessionHash: c.var.sessionHash };
}

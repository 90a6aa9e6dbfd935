import { OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import { fieldIssues, PARSE_OPTIONS } from '../../protocol/field-issues';
import { TEXT_EXPECTED } from '../../protocol/text';
import type { ApiError } from '../api-error';
import { merchantAuth, walletAuth } from '../auth';
import type { Env } from '../context';
import { addressNotPlainText, bodyNotJson, invalidRequest } from '../refusals';
import { keepContract } from './contract';
import { readInput } from './input';
import { AUTH_REFUSALS, COMMON, IDEMPOTENCY, refusalResponses } from './refusals';

/** A page of a newest-first list: `limit` items after the opaque `cursor` of the previous page. */
export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1, 'expected 1 to 100').max(100, 'expected 1 to 100').default(20),
  cursor: z.string().max(500).optional(),
});

export const IdParamSchema = z.object({ id: z.string().min(1).max(100) });

/** A shop named in the path. */
export const MerchantParamSchema = z.object({ merchantId: z.string().min(1).max(100) });

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

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** One operation of the API: documented from these fields, and its input read and checked by the same schemas. */
interface Operation<B, Q, P, K extends boolean> {
  method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI form: `/v1/merchant/payments/{id}`. */
  path: string;
  summary: string;
  tag: string;
  auth?: 'wallet' | 'merchant';
  body?: B;
  query?: Q;
  params?: P;
  /** Takes an Idempotency-Key header (required), handed to the handler as `key`. */
  idempotent?: K;
  reply: z.ZodType;
  status?: 200 | 201;
  /** The refusals particular to this operation, shown with examples beside the common ones. */
  refusals?: ApiError[];
}

/** What a handler is given: the input, already checked against the operation's schemas. */
interface Input<B, Q, P, K extends boolean> {
  body: Parsed<B>;
  query: Parsed<Q>;
  params: Parsed<P>;
  key: K extends true ? string : undefined;
}

type AnyOperation = Operation<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined, boolean>;

const AUTH = { wallet: walletAuth, merchant: merchantAuth } as const;

/**
 * The 400 this operation shows as its example: its own first field, parsed from nothing, so the
 * example's words are the ones its schema would really answer with.
 */
function invalidExample(op: AnyOperation) {
  for (const schema of [op.body, op.query, op.params]) {
    const parsed = schema?.safeParse({}, PARSE_OPTIONS);
    if (parsed && !parsed.success) return invalidRequest(fieldIssues(parsed.error).slice(0, 1));
  }
  if (op.body) return bodyNotJson();
  // Any operation: a path or query that is not plain text is refused before it runs (plain-text.ts).
  return addressNotPlainText([{ field: '(path)', expected: TEXT_EXPECTED }]);
}

/** Everything the operation may refuse with: its input, its caller, its own refusals, and any passing fault. */
const refusalsOf = (op: AnyOperation): ApiError[] => [
  invalidExample(op),
  ...(op.auth ? AUTH_REFUSALS[op.auth] : []),
  ...(op.idempotent ? IDEMPOTENCY : []),
  ...(op.refusals ?? []),
  COMMON.internal,
  COMMON.tryAgain,
];

function describe(op: AnyOperation): RouteConfig {
  return {
    method: op.method,
    path: op.path,
    summary: op.summary,
    tags: [op.tag],
    ...(op.auth && { security: [{ [op.auth === 'wallet' ? 'walletSession' : 'merchantApiKey']: [] }] }),
    request: {
      ...(op.body && { body: { content: { 'application/json': { schema: op.body } }, required: true } }),
      ...(op.query && { query: op.query as z.ZodObject }),
      ...(op.params && { params: op.params as z.ZodObject }),
      ...(op.idempotent && { headers: IdempotencyHeaderSchema }),
    },
    responses: {
      [op.status ?? 200]: { description: 'Success', content: { 'application/json': { schema: op.reply } } },
      ...refusalResponses(refusalsOf(op)),
    },
  };
}

/** The API's own paths say who may call them; an operation that forgets its auth must not start. */
function checkAuth(op: AnyOperation): void {
  const needs = /^\/v1\/(wallet(\/|$)|payments$)/.test(op.path)
    ? 'wallet'
    : /^\/v1\/merchant\//.test(op.path)
      ? 'merchant'
      : undefined;
  if (needs !== op.auth) throw new Error(`invariant: ${op.method} ${op.path} needs auth "${needs}", has "${op.auth}"`);
}

/**
 * Adds one operation, declared once: documented in the OpenAPI registry from its schemas, its input
 * read and checked by the same schemas before `handler` runs, and its answers held to what the
 * reference says (./contract.ts).
 */
export function operation<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  K extends boolean = false,
>(
  app: OpenAPIHono<Env>,
  op: Operation<B, Q, P, K>,
  handler: (c: Context<Env>, input: Input<B, Q, P, K>) => Response | Promise<Response>,
): void {
  checkAuth(op);
  app.openAPIRegistry.registerPath(describe(op));
  const contract = {
    name: `${op.method.toUpperCase()} ${op.path}`,
    status: op.status ?? 200,
    reply: op.reply,
    refusals: new Set(refusalsOf(op).map((r) => r.code)),
  };
  const path = op.path.replace(/\{(\w+)\}/g, ':$1');
  const run = (c: Context<Env>) =>
    keepContract(c.var.platform, contract, async () => handler(c, (await readInput(c, op)) as Input<B, Q, P, K>));
  if (op.auth) app.on(op.method.toUpperCase(), path, AUTH[op.auth], run);
  else app.on(op.method.toUpperCase(), path, run);
}

/** The signed-in wallet's session, as the step-up and device rules take it. */
export function walletSession(c: Context<Env>) {
  return { walletId: c.var.walletId, deviceId: c.var.deviceId, sessionHash: c.var.sessionHash };
}

import type { Context } from 'hono';
import type { z } from 'zod';
import { fieldIssues, PARSE_OPTIONS, type FieldIssue } from '../../protocol/field-issues';
import { textIssues } from '../../protocol/text';
import type { ApiError } from '../api-error';
import type { Env } from '../context';
import { requireKey } from '../idempotency';
import { bodyMalformed, bodyNotJson, bodyNotPlainText, invalidRequest, pathInvalid, queryInvalid } from '../refusals';

/** What an operation reads from a request, each part by the schema it declares. */
interface InputSchemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  idempotent?: boolean;
}

const parsed = (schema: z.ZodType, value: unknown, refuse: (issues: FieldIssue[]) => ApiError) => {
  const result = schema.safeParse(value, PARSE_OPTIONS);
  if (!result.success) throw refuse(fieldIssues(result.error));
  return result.data;
};

async function jsonBody(c: Context<Env>, schema: z.ZodType): Promise<unknown> {
  if (!(c.req.header('content-type') ?? '').includes('application/json')) throw bodyNotJson();
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    throw bodyMalformed();
  }
  const faults = textIssues(json);
  if (faults.length) throw bodyNotPlainText(faults);
  return parsed(schema, json, (issues) => invalidRequest(issues));
}

/**
 * Reads and checks an operation's input, in the order a client would fix it: the Idempotency-Key, the
 * path, the query, then the body. Whatever is refused here never reaches the handler.
 */
export async function readInput(c: Context<Env>, schemas: InputSchemas) {
  const key = schemas.idempotent ? requireKey(c.req.header('idempotency-key')) : undefined;
  const params = schemas.params && parsed(schemas.params, c.req.param(), pathInvalid);
  const query = schemas.query && parsed(schemas.query, c.req.query(), queryInvalid);
  const body = schemas.body && (await jsonBody(c, schemas.body));
  return { key, params, query, body };
}

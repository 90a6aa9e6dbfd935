import { createMiddleware } from 'hono/factory';
import type { FieldIssue } from '../protocol/field-issues';
import { textFault } from '../protocol/text';
import type { Env } from './context';
import { addressNotPlainText, pathMalformed } from './refusals';

/**
 * Every request's path and query are plain text before any route reads them: a `%00` or a lone
 * surrogate would otherwise reach the database, which refuses it (a 500). Bodies are checked where
 * they are read (the operation's input, platform/routes/define.ts; the console's form reader).
 */
export const plainTextUrl = createMiddleware<Env>(async (c, next) => {
  const url = new URL(c.req.url);
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    throw pathMalformed();
  }
  const issues: FieldIssue[] = [];
  const pathFault = textFault(path);
  if (pathFault) issues.push({ field: '(path)', expected: pathFault });
  for (const [name, value] of url.searchParams) {
    const fault = textFault(name) ?? textFault(value);
    if (fault) issues.push({ field: textFault(name) ? '(query)' : name, expected: fault });
  }
  if (issues.length) throw addressNotPlainText(issues);
  await next();
});

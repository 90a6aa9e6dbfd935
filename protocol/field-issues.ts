import type { z } from 'zod';

/** One field at fault in a refused input, and what was expected there. */
export interface FieldIssue {
  field: string;
  expected: string;
}

/**
 * A zod error as field issues: the dotted path under `prefix`, or `whole` when the input itself is at
 * fault (the platform says "(body)", the extension "(message)").
 */
export function fieldIssues(error: z.ZodError, prefix?: string, whole = '(body)'): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || whole,
    expected: issue.message,
  }));
}

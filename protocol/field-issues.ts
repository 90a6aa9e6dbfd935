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
    // zod's own words for a missing member end "received undefined": said plainly instead.
    expected: isMissing(issue)
      ? `${issue.message.replace(/, received undefined$/, '')} (it is missing)`
      : issue.message,
  }));
}

/**
 * Whether the issue is about a member that is not there at all, so the reply can say so instead of
 * only what a value should look like. Known only when parsed with `{ reportInput: true }` (PARSE_OPTIONS).
 */
function isMissing(issue: z.core.$ZodIssue): boolean {
  return issue.path.length > 0 && 'input' in issue && issue.input === undefined && issue.code !== 'custom';
}

/** How inputs are parsed where their issues are reported: with the input, to tell a missing member. */
export const PARSE_OPTIONS = { reportInput: true } as const;

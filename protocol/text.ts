import type { FieldIssue } from './field-issues';

/** The longest string any field takes; a checkout tag (16 KiB) is the longest legitimate one. */
export const TEXT_MAX = 32_768;

/** No input of Pouch nests deeper; a deeper one is an attack on the parser's stack, not data. */
export const MAX_DEPTH = 32;

export const TEXT_EXPECTED = 'expected text without NUL characters or broken Unicode (lone surrogates)';

/** Why a string cannot be stored or shown as text, or undefined when it can. */
export function textFault(value: string): string | undefined {
  // PostgreSQL refuses byte 0x00 in text; a lone surrogate is not UTF-8 at all.
  if (value.includes('\u0000') || !value.isWellFormed()) return TEXT_EXPECTED;
  if (value.length > TEXT_MAX) return `expected at most ${TEXT_MAX} characters`;
  return undefined;
}

/**
 * The text rule for every string of an input (and a cap on nesting), wherever it sits in the JSON: each faulty string (and
 * object key) named by its path. Schemas then say what each field means; this says what text is.
 */
export function textIssues(value: unknown, whole = '(body)'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const walk = (item: unknown, path: string, depth: number): void => {
    if (depth > MAX_DEPTH) {
      issues.push({ field: path, expected: `expected at most ${MAX_DEPTH} levels of nesting` });
    } else if (typeof item === 'string') {
      const fault = textFault(item);
      if (fault) issues.push({ field: path || whole, expected: fault });
    } else if (Array.isArray(item)) {
      item.forEach((child, i) => walk(child, path ? `${path}.${i}` : String(i), depth + 1));
    } else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) {
        if (textFault(key)) issues.push({ field: path || whole, expected: `expected field names that are plain text` });
        else walk(child, path ? `${path}.${key}` : key, depth + 1);
      }
    }
  };
  walk(value, '', 0);
  return issues;
}

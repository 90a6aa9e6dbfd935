import type { z } from 'zod';
import { parseMajorUnits } from '../../protocol/money-format';
import { textIssues } from '../../protocol/text';
import { formNotPlainText } from '../refusals';

/**
 * The form field a schema path or an API issue's field names: its last name, not an index
 * (`origins.0` → origins, `console.email` → email).
 */
export const fieldOf = (path: readonly PropertyKey[]): string =>
  String(path.findLast((part) => typeof part === 'string' && !/^\d+$/.test(part)) ?? 'form');

/** Field name → what was expected there, shown next to the field. */
export type FieldErrors = Record<string, string>;

/**
 * Reads a submitted HTML form into the API's own body shape, collecting a message per field: the
 * console refuses what the API refuses, with the same words, and keeps what the merchant typed.
 */
export class FormInput {
  readonly errors: FieldErrors = {};

  constructor(readonly values: Record<string, string>) {}

  static async of(request: { parseBody(): Promise<Record<string, unknown>> }): Promise<FormInput> {
    const body = await request.parseBody();
    const values = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
    // No browser sends NUL or broken Unicode from a form: refuse it whole rather than store it.
    const faults = textIssues(values);
    if (faults.length) throw formNotPlainText(faults);
    return new FormInput(values);
  }

  text(name: string): string {
    return (this.values[name] ?? '').trim();
  }

  optional(name: string): string | undefined {
    return this.text(name) || undefined;
  }

  lines(name: string): string[] {
    return this.text(name)
      .split(/\s*\n\s*/)
      .filter(Boolean);
  }

  /** An amount typed in major units ("12.50") as minor units; empty is undefined. */
  money(name: string, currency: string): number | undefined {
    const raw = this.text(name);
    if (!raw) return undefined;
    const minor = parseMajorUnits(raw, currency);
    if (minor === null) this.errors[name] ??= `expected an amount in ${currency} such as 12.50`;
    return minor ?? undefined;
  }

  integer(name: string): number | undefined {
    const raw = this.text(name);
    if (!raw) return undefined;
    if (!/^\d+$/.test(raw)) this.errors[name] ??= 'expected a whole number';
    return Number(raw);
  }

  /** A date field (YYYY-MM-DD) as the end of that day in UTC. */
  endOfDay(name: string): string | undefined {
    const raw = this.text(name);
    if (!raw) return undefined;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) this.errors[name] ??= 'expected a date';
    return `${raw}T23:59:59Z`;
  }

  /** Parses the assembled body; null when any field, here or in the schema, is wrong. */
  check<S extends z.ZodType>(schema: S, body: unknown): z.output<S> | null {
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) this.errors[fieldOf(issue.path)] ??= issue.message;
    }
    return parsed.success && Object.keys(this.errors).length === 0 ? parsed.data : null;
  }
}

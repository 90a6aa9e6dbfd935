/**
 * A value as JSON with every object's keys in one order (code-point order, the same on every machine)
 * and undefined members left out: two requests with the same fields and values give the same text,
 * whatever order their fields were written in. The extension compares pending requests by it; the
 * platform hashes idempotent requests by it.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value)
            .filter(([, member]) => member !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([key, member]) => [key, canonical(member)]),
        )
      : value;

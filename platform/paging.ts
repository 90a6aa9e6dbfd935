import { sql } from 'kysely';
import { cursorInvalid } from './refusals';

/**
 * Newest-first cursor paging over (created_at, id): stable while new rows arrive, and the cursor is
 * opaque to clients. Timestamps are stored to the millisecond, the precision a cursor carries.
 */
function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}

function decodeCursor(cursor: string): [Date, string] {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string];
    const date = new Date(at);
    if (typeof id === 'string' && !Number.isNaN(date.getTime())) return [date, id];
  } catch {
    // refused below
  }
  throw cursorInvalid();
}

/** `(created_at, id) < cursor`, as a row comparison on the named columns. */
export function olderThan(cursor: string, createdAtColumn: string, idColumn: string) {
  const [at, id] = decodeCursor(cursor);
  return sql<boolean>`(${sql.ref(createdAtColumn)}, ${sql.ref(idColumn)}) < (${at}, ${id})`;
}

/** Rows fetched with `limit + 1`: the page, and a cursor when there is more. */
export function pageOf<R extends { created_at: Date; id: string }>(rows: R[], limit: number) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null };
}

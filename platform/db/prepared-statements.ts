import { createHash } from 'node:crypto';
import pg from 'pg';

/** A statement is prepared once it has been sent this many times: it is a hot path, not a one-off. */
const SENT_BEFORE_PREPARING = 3;
/** At most this many statements prepared per connection, so dynamic SQL cannot fill the server's memory. */
const MOST_PREPARED = 200;
/** Statements counted while not yet prepared; the count starts over when it is full. */
const MOST_COUNTED = 1_000;

/**
 * Which statements PostgreSQL keeps prepared. Kysely sends every statement unnamed, so the server
 * parses and plans each one afresh: measured, that was a fifth of PostgreSQL's CPU per payment. A
 * named statement is parsed once per connection, and its plan cached. Never named: statements without
 * parameters (transaction control, DDL), and any with a `*` — a prepared `SELECT *` or `RETURNING *`
 * fails ("cached plan must not change result type") once a migration adds a column, as another
 * process may do during a rolling deploy.
 */
export class StatementNames {
  private readonly sent = new Map<string, number>();
  private readonly names = new Map<string, string>();

  nameFor(text: string): string | undefined {
    const name = this.names.get(text);
    if (name !== undefined) return name;
    if (text.includes('*') || this.names.size >= MOST_PREPARED) return undefined;
    const times = (this.sent.get(text) ?? 0) + 1;
    if (times < SENT_BEFORE_PREPARING) {
      if (this.sent.size >= MOST_COUNTED) this.sent.clear();
      this.sent.set(text, times);
      return undefined;
    }
    this.sent.delete(text);
    const named = `pouch_${createHash('sha256').update(text).digest('hex').slice(0, 40)}`;
    this.names.set(text, named);
    return named;
  }
}

/** A node-postgres client that sends the statements `names` picks as named (prepared) statements. */
export function preparingClient(names: StatementNames): typeof pg.Client {
  return class PreparingClient extends pg.Client {
    override query(...args: unknown[]): never {
      const [text, values, ...rest] = args;
      const name = typeof text === 'string' && Array.isArray(values) && values.length > 0 && names.nameFor(text);
      const sent = name ? [{ name, text, values }, ...rest] : args;
      return (super.query as (...sent: unknown[]) => never)(...sent);
    }
  };
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { sha256 } from '../ids';
import type { Database } from './schema';
import { sqlStatements } from './sql-statements';

/**
 * The platform's SQL functions, each `.sql` file beside the TypeScript that calls it, in the order
 * they are created: a SQL-language function's body is checked when it is created, so what it calls
 * comes first. A test fails on a `.sql` file under platform/ that is not listed here.
 */
export const REPEATABLE_SQL = [
  'ledger/ledger.sql',
  'wallets/password-free.sql',
  'webhooks/outbox.sql',
  'cards/card-charges.sql',
  'idempotency.sql',
  'payments/pay-checkout.sql',
] as const;

const PLATFORM = join(import.meta.dirname, '..');
/** One lock for every process applying them at once (an arbitrary, fixed key). */
const LOCK = 7_201_861_040_510_017n;

/**
 * Repeatable migrations, as Flyway has them: after the versioned ones, each `.sql` file runs again
 * whenever its content changed since it last ran (its functions are `CREATE OR REPLACE`), all in one
 * transaction under one lock, so platform processes starting together apply each change once. A
 * function whose arguments change is given a new name: the version still serving during a deploy
 * keeps calling the old one, which a later change may drop.
 */
export async function applyRepeatable(db: Kysely<Database>): Promise<string[]> {
  return db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${LOCK})`.execute(tx);
    const applied = new Map(
      (await tx.selectFrom('repeatable_migrations').select(['file', 'checksum']).execute()).map((r) => [
        r.file,
        r.checksum,
      ]),
    );
    const changed: string[] = [];
    for (const file of REPEATABLE_SQL) {
      const text = readFileSync(join(PLATFORM, file), 'utf8');
      const checksum = sha256(text);
      if (applied.get(file) === checksum) continue;
      for (const statement of sqlStatements(text)) await sql.raw(statement).execute(tx);
      await tx
        .insertInto('repeatable_migrations')
        .values({ file, checksum })
        .onConflict((oc) => oc.column('file').doUpdateSet({ checksum, applied_at: sql`now()` }))
        .execute();
      changed.push(file);
    }
    return changed;
  });
}

import { sql, type Kysely } from 'kysely';

/**
 * The last four digits of the card or bank account a top-up, withdrawal or payout moved money with,
 * as data: the wallet words the history line in its reader's language instead of showing the
 * platform's English title. Earlier transfers have them only inside their title, where they are read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('transfers').addColumn('counterparty_last4', 'text').execute();
  await sql`UPDATE transfers SET counterparty_last4 = substring(title FROM '•••• ([0-9]{4})$')
            WHERE kind IN ('topup', 'withdrawal', 'payout')`.execute(db);
}

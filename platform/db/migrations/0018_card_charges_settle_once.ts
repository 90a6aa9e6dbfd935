import { sql, type Kysely } from 'kysely';

/**
 * A charge leaves pending once, captured or voided, and stays so: a capture that finds its charge voided
 * by the sweeper (the request outlived the abandoned-charge window) is refused, whichever code path
 * captures. Raised as a refusal (RF001): SQL_REFUSALS in platform/db/refusal.ts explains it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION card_charge_settles_once() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.status <> 'pending' AND NEW.status <> OLD.status THEN
        RAISE EXCEPTION USING ERRCODE = 'RF001', MESSAGE = 'charge_not_pending', DETAIL = OLD.id;
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER card_charges_settle_once BEFORE UPDATE OF status ON card_charges
    FOR EACH ROW EXECUTE FUNCTION card_charge_settles_once()`.execute(db);
}

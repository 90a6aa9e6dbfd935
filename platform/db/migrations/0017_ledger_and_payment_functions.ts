/**
 * Created the ledger's and a payment's SQL functions. They live in `.sql` files beside the code that
 * calls them now, applied as repeatable migrations after every versioned one (platform/db/repeatable.ts);
 * this step stays, doing nothing, so a database that ran it still matches the list.
 */
export async function up(): Promise<void> {}

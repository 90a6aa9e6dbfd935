import { sql } from 'kysely';
import type { DB } from '../db/connect';

/** What the database answered for one payment: its reply, or what refused it (platform/db/refusal.ts). */
export type PaymentOutcome = { reply: unknown } | { refusal: { code: string; detail: string } };

/** Writes one payment's checked rows (pay-checkout.sql's args, as JSON text) and answers its outcome. */
export interface PaymentWriter {
  write(args: string): Promise<PaymentOutcome>;
}

/**
 * At most this many payments in one transaction: it bounds how long a batch's first payment waits for
 * its last one's writes, and how many rows a batch keeps locked. (At 64 wallets, batches here average
 * 15–18 payments; docs/performance.md.)
 */
export const MOST_PER_BATCH = 64;

interface Waiting {
  args: string;
  settle(outcome: PaymentOutcome): void;
  fail(error: unknown): void;
}

/** One payment in a transaction of its own: its outcome, or the error that failed it. */
async function writeAlone(db: DB, payment: Waiting): Promise<void> {
  try {
    const { rows } = await sql<{ outcome: PaymentOutcome }>`
      SELECT pay_checkout_outcome(${payment.args}::jsonb) AS outcome`.execute(db);
    payment.settle(rows[0]!.outcome);
  } catch (error) {
    payment.fail(error);
  }
}

/**
 * Payments together in one transaction (pay_checkout_batch), each answered with its own outcome. A
 * batch that fails whole — a deadlock with another process, a race on a unique index, a bug — is written
 * again one payment at a time, so each gets its own answer and one bad payment cannot refuse the others.
 */
async function writeBatch(db: DB, batch: Waiting[]): Promise<void> {
  if (batch.length === 1) return writeAlone(db, batch[0]!);
  let outcomes: PaymentOutcome[];
  try {
    const { rows } = await sql<{ outcomes: PaymentOutcome[] }>`
      SELECT pay_checkout_batch(${`[${batch.map((payment) => payment.args).join(',')}]`}::jsonb) AS outcomes`.execute(
      db,
    );
    outcomes = rows[0]!.outcomes;
  } catch (error) {
    // Rare by design (a deadlock or a unique-index race with another process); a bug would show here.
    console.error(`[platform] a batch of ${batch.length} payments failed whole; writing each alone:`, String(error));
    for (const payment of batch) await writeAlone(db, payment);
    return;
  }
  if (outcomes.length !== batch.length) throw new Error('invariant: a batch answers each of its payments');
  batch.forEach((payment, i) => payment.settle(outcomes[i]!));
}

/**
 * The process's one payment writer. A payment that finds it idle is written at once, alone, so a lone
 * payment never waits for company; payments that arrive while a write is in flight queue, and leave
 * together as the next batch the moment it ends. Batches are written one after another: PostgreSQL
 * commits once per batch instead of once per payment, and the wallets and accounts a batch locks are
 * taken in one order.
 */
export function paymentWriter(db: DB, mostPerBatch = MOST_PER_BATCH): PaymentWriter {
  const queue: Waiting[] = [];
  let writing = false;
  async function drain() {
    writing = true;
    while (queue.length > 0) {
      const batch = queue.splice(0, mostPerBatch);
      // Whatever went wrong, every payment in the batch is answered (settled ones stay as they were).
      await writeBatch(db, batch).catch((error: unknown) => batch.forEach((payment) => payment.fail(error)));
    }
    writing = false;
  }
  return {
    write(args) {
      return new Promise((settle, fail) => {
        queue.push({ args, settle, fail });
        if (!writing) void drain();
      });
    },
  };
}

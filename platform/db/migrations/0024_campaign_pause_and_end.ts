import type { Kysely } from 'kysely';

/**
 * A shop pauses a coupon campaign (no new claims until it resumes) or ends it (no new claims, ever);
 * coupons already claimed stay usable until their date either way.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('coupon_campaigns')
    .addColumn('paused_at', 'timestamptz')
    .addColumn('ended_at', 'timestamptz')
    .execute();
}

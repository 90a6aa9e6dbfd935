import { sql } from 'kysely';

/** Cursors carry JavaScript dates, which hold milliseconds: store no finer, or paging skips rows. */
export const MS_NOW = sql`date_trunc('milliseconds', clock_timestamp())`;

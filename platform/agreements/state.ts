import { sql, type Selectable } from 'kysely';
import type { AgreementView } from '../../protocol/api';
import type { AgreementsTable } from '../db/schema';

/**
 * Whether an agreement still lets its shop charge: one rule, said twice — for a row read (`agreementState`)
 * and inside a query (`activeAt`) — so the lists, the cards' auto-pay counts and the views agree.
 */
export function agreementState(row: Selectable<AgreementsTable>, now: Date): AgreementView['state'] {
  if (row.cancelled_at) return 'cancelled';
  return now >= row.ends_at ? 'ended' : 'active';
}

/** `agreementState(row, now) === 'active'`, as a condition on the `agreements` table. */
export const activeAt = (now: Date) => sql<boolean>`(agreements.cancelled_at IS NULL AND agreements.ends_at > ${now})`;

import { sql } from 'kysely';
import { currencyExponent } from '../../protocol/money-format';
import type { DB } from '../db/connect';
import type { Tx } from '../ledger/ledger';

export async function setPointsProgram(db: DB, merchantId: string, pointsPerUnit: number) {
  await db
    .insertInto('points_programs')
    .values({ merchant_id: merchantId, points_per_unit: pointsPerUnit })
    .onConflict((oc) => oc.column('merchant_id').doUpdateSet({ points_per_unit: pointsPerUnit }))
    .execute();
  return { pointsPerUnit };
}

export async function pointsProgram(db: DB, merchantId: string) {
  const row = await db
    .selectFrom('points_programs')
    .select('points_per_unit')
    .where('merchant_id', '=', merchantId)
    .executeTakeFirst();
  return { pointsPerUnit: row?.points_per_unit ?? 0 };
}

/** Points for an amount paid: whole currency units times the merchant's rate (¥128.50 at 1/¥ → 128). */
export function pointsFor(paid: number, currency: string, pointsPerUnit: number): number {
  return Math.floor(paid / 10 ** currencyExponent(currency)) * pointsPerUnit;
}

/** Credits points in the payment's transaction. */
export async function earnPoints(
  tx: Tx,
  walletId: string,
  merchantId: string,
  paid: number,
  currency: string,
): Promise<number> {
  const program = await tx
    .selectFrom('points_programs')
    .select('points_per_unit')
    .where('merchant_id', '=', merchantId)
    .executeTakeFirst();
  const points = pointsFor(paid, currency, program?.points_per_unit ?? 0);
  if (points === 0) return 0;
  await tx
    .insertInto('wallet_points')
    .values({ wallet_id: walletId, merchant_id: merchantId, balance: points })
    .onConflict((oc) =>
      oc.columns(['wallet_id', 'merchant_id']).doUpdateSet({ balance: sql`wallet_points.balance + ${points}` }),
    )
    .execute();
  return points;
}

export async function walletPoints(db: DB, walletId: string) {
  const rows = await db
    .selectFrom('wallet_points')
    .innerJoin('merchants', 'merchants.id', 'wallet_points.merchant_id')
    .select(['wallet_points.merchant_id', 'merchants.name', 'wallet_points.balance'])
    .where('wallet_points.wallet_id', '=', walletId)
    .orderBy('merchants.name')
    .execute();
  return rows.map((r) => ({ merchantId: r.merchant_id, merchantName: r.name, points: r.balance }));
}

import { sql } from 'kysely';
import type { z } from 'zod';
import type { PointsProgramBodySchema } from '../../protocol/api';
import { maxRedeemablePoints } from '../../protocol/points';
import { pointsExceedLimit, pointsNotRedeemable } from '../refusals';
import type { DB, Tx } from '../db/connect';

export async function setPointsProgram(db: DB, merchantId: string, body: z.infer<typeof PointsProgramBodySchema>) {
  const values = { points_per_unit: body.pointsPerUnit, point_value: body.pointValue };
  await db
    .insertInto('points_programs')
    .values({ merchant_id: merchantId, ...values })
    .onConflict((oc) => oc.column('merchant_id').doUpdateSet(values))
    .execute();
  return { pointsPerUnit: body.pointsPerUnit, pointValue: body.pointValue };
}

export async function pointsProgram(db: DB | Tx, merchantId: string) {
  const row = await db
    .selectFrom('points_programs')
    .select(['points_per_unit', 'point_value'])
    .where('merchant_id', '=', merchantId)
    .executeTakeFirst();
  return { pointsPerUnit: row?.points_per_unit ?? 0, pointValue: row?.point_value ?? 0 };
}

async function pointsHeld(db: DB | Tx, walletId: string, merchantId: string): Promise<number> {
  const row = await db
    .selectFrom('wallet_points')
    .select('balance')
    .where('wallet_id', '=', walletId)
    .where('merchant_id', '=', merchantId)
    .executeTakeFirst();
  return Number(row?.balance ?? 0);
}

/**
 * What spending `points` takes off an order at this shop, in minor units, checked against the shop's
 * program, the wallet's points and the rule in protocol/points.ts.
 */
export async function pointsSaving(db: DB, walletId: string, merchantId: string, points: number, due: number) {
  const { pointValue } = await pointsProgram(db, merchantId);
  if (pointValue === 0) throw pointsNotRedeemable();
  const held = await pointsHeld(db, walletId, merchantId);
  const most = maxRedeemablePoints(held, due, pointValue);
  if (points > most) throw pointsExceedLimit(most, held);
  return points * pointValue;
}

/** A full refund: the spent points come back and the earned ones go (never below zero). */
export async function reversePoints(
  tx: Tx,
  walletId: string,
  merchantId: string,
  payment: { points_redeemed: number; points_earned: number },
): Promise<void> {
  const change = payment.points_redeemed - payment.points_earned;
  if (change === 0) return;
  await tx
    .insertInto('wallet_points')
    .values({ wallet_id: walletId, merchant_id: merchantId, balance: Math.max(change, 0) })
    .onConflict((oc) =>
      oc
        .columns(['wallet_id', 'merchant_id'])
        .doUpdateSet({ balance: sql`greatest(wallet_points.balance + ${change}, 0)` }),
    )
    .execute();
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

import { asc, desc, isNotNull, isNull, sql } from 'drizzle-orm';
import type { PendingAdjustment, SettlementPartner } from '../domain/settlement/statement.js';
import type { FlowTotal, KindTotal, MoneyTotal, Totals } from '../domain/settlement/totals.js';
import type { Database } from './database.js';
import {
  partners,
  settlementAdjustments,
  settlementFlows,
  settlementMoneyTotals,
  settlements,
  settlementTotals,
  transfers,
} from './schema/index.js';

export interface LatestSettlement {
  readonly id: string;
  readonly number: number;
  readonly toSequence: number;
  readonly cumulative: string;
}

/** What a close reads: one consistent snapshot of the running totals and what they depend on. */
export interface CloseSnapshot {
  readonly latest: LatestSettlement | undefined;
  readonly sequence: number;
  readonly totals: Totals;
  readonly partners: SettlementPartner[];
  readonly adjustments: PendingAdjustment[];
}

function toTotals(
  kinds: (typeof settlementTotals.$inferSelect)[],
  flows: (typeof settlementFlows.$inferSelect)[],
  money: (typeof settlementMoneyTotals.$inferSelect)[],
): Totals {
  return {
    ...(money.length > 0
      ? {
          money: money.map(
            (row): MoneyTotal => ({
              partnerId: row.partnerId,
              kind: row.kind,
              currency: row.currency,
              amountMinor: BigInt(row.amountMinor),
              movements: BigInt(row.movements),
            }),
          ),
        }
      : {}),
    kinds: kinds.map(
      (row): KindTotal => ({
        partnerId: row.partnerId,
        kind: row.kind,
        unitPrice: row.unitPrice,
        points: BigInt(row.points),
        transfers: BigInt(row.transfers),
        walletPoints: BigInt(row.walletPoints),
      }),
    ),
    flows: flows.map(
      (row): FlowTotal => ({
        issuerPartnerId: row.issuerPartnerId,
        counterpartyId: row.counterpartyId,
        kind: row.kind,
        points: BigInt(row.points),
        draws: BigInt(row.draws),
      }),
    ),
  };
}

/**
 * Reads, in one batch (one transaction on libSQL and D1, so one consistent snapshot), the newest
 * settlement, the highest transfer sequence, the running totals, the partners and the adjustments
 * waiting for a period. The triggers keep the totals in the same transaction as every transfer, so
 * they are exactly the sum of the transfers up to that sequence. Rows read grow with partners and
 * partner pairs, never with transfers.
 */
export async function readCloseSnapshot(db: Database): Promise<CloseSnapshot> {
  const [latest, sequence, kinds, flows, money, partnerRows, adjustments] = await db.batch([
    db
      .select({
        id: settlements.id,
        number: settlements.number,
        toSequence: settlements.toSequence,
        cumulative: settlements.cumulative,
      })
      .from(settlements)
      .orderBy(desc(settlements.number))
      .limit(1),
    db.select({ sequence: sql<number>`COALESCE(MAX(${transfers.sequence}), 0)` }).from(transfers),
    db.select().from(settlementTotals),
    db.select().from(settlementFlows),
    db
      .select()
      .from(settlementMoneyTotals)
      .orderBy(
        asc(settlementMoneyTotals.partnerId),
        asc(settlementMoneyTotals.kind),
        asc(settlementMoneyTotals.currency),
      ),
    db
      .select({ id: partners.id, name: partners.name, settlementCurrency: partners.settlementCurrency })
      .from(partners)
      .orderBy(asc(partners.id)),
    db
      .select()
      .from(settlementAdjustments)
      .where(isNull(settlementAdjustments.appliedSettlementId))
      .orderBy(asc(settlementAdjustments.id)),
  ]);
  return {
    latest: latest[0],
    sequence: Number(sequence[0]?.sequence ?? 0),
    totals: toTotals(kinds, flows, money),
    partners: partnerRows,
    adjustments: adjustments.map((row) => ({
      id: row.id,
      partnerId: row.partnerId,
      disputeId: row.disputeId,
      direction: row.direction,
      amountReference: row.amountReference,
      points: row.points,
      note: row.note,
    })),
  };
}

/** Adjustments a close has already settled: the network summary's adjustments to date. */
export async function readSettledAdjustments(db: Database): Promise<PendingAdjustment[]> {
  return db
    .select({
      id: settlementAdjustments.id,
      partnerId: settlementAdjustments.partnerId,
      disputeId: settlementAdjustments.disputeId,
      direction: settlementAdjustments.direction,
      amountReference: settlementAdjustments.amountReference,
      points: settlementAdjustments.points,
      note: settlementAdjustments.note,
    })
    .from(settlementAdjustments)
    .where(isNotNull(settlementAdjustments.appliedSettlementId));
}

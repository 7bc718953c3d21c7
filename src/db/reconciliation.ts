import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { BatchStatement, Database } from './database.js';
import { requireChangedRow } from './guards.js';
import { settlementAdjustments, settlementDisputes, settlementPayments, transfers } from './schema/index.js';

export type DisputeRow = typeof settlementDisputes.$inferSelect;
export type AdjustmentRow = typeof settlementAdjustments.$inferSelect;
export type PaymentRow = typeof settlementPayments.$inferSelect;

/** The ids among `transferIds` that are the partner's transfers in the period (from, to]. */
export async function partnerTransfersIn(
  db: Database,
  partnerId: string,
  range: { from: number; to: number },
  transferIds: readonly string[],
): Promise<Set<string>> {
  if (transferIds.length === 0) return new Set();
  const rows = await db
    .select({ id: transfers.id })
    .from(transfers)
    .where(
      and(
        inArray(transfers.id, [...transferIds]),
        eq(transfers.partnerId, partnerId),
        gt(transfers.sequence, range.from),
        lte(transfers.sequence, range.to),
      ),
    );
  return new Set(rows.map((row) => row.id));
}

export function insertDisputeStatement(db: Database, row: DisputeRow): BatchStatement {
  return db.insert(settlementDisputes).values(row);
}

export async function findDispute(
  db: Database,
  settlementId: string,
  disputeId: string,
): Promise<DisputeRow | undefined> {
  const [row] = await db
    .select()
    .from(settlementDisputes)
    .where(and(eq(settlementDisputes.id, disputeId), eq(settlementDisputes.settlementId, settlementId)))
    .limit(1);
  return row;
}

/** Disputes of a settlement (of one partner when given) with the adjustment each accepted one made. */
export async function listDisputes(
  db: Database,
  settlementId: string,
  partnerId?: string,
): Promise<{ dispute: DisputeRow; adjustment: AdjustmentRow | null }[]> {
  return db
    .select({ dispute: settlementDisputes, adjustment: settlementAdjustments })
    .from(settlementDisputes)
    .leftJoin(settlementAdjustments, eq(settlementAdjustments.disputeId, settlementDisputes.id))
    .where(
      and(
        eq(settlementDisputes.settlementId, settlementId),
        partnerId === undefined ? undefined : eq(settlementDisputes.partnerId, partnerId),
      ),
    )
    .orderBy(asc(settlementDisputes.id));
}

/** Resolves an open dispute exactly once; an accepted one adds its adjustment in the same batch. */
export function resolveDisputeStatements(
  db: Database,
  disputeId: string,
  resolution: { status: 'accepted' | 'rejected'; note: string; resolvedAt: number },
  adjustment: AdjustmentRow | undefined,
): BatchStatement[] {
  return [
    db
      .update(settlementDisputes)
      .set({ status: resolution.status, resolutionNote: resolution.note, resolvedAt: resolution.resolvedAt })
      .where(and(eq(settlementDisputes.id, disputeId), eq(settlementDisputes.status, 'open'))),
    requireChangedRow(db, 'dispute_already_resolved'),
    ...(adjustment === undefined ? [] : [db.insert(settlementAdjustments).values(adjustment)]),
  ];
}

export async function listPayments(
  db: Database,
  settlementId: string,
  partnerId?: string,
): Promise<PaymentRow[]> {
  return db
    .select()
    .from(settlementPayments)
    .where(
      and(
        eq(settlementPayments.settlementId, settlementId),
        partnerId === undefined ? undefined : eq(settlementPayments.partnerId, partnerId),
      ),
    )
    .orderBy(asc(settlementPayments.recordedAt), asc(settlementPayments.reference));
}

export async function findPayment(
  db: Database,
  settlementId: string,
  partnerId: string,
  reference: string,
): Promise<PaymentRow | undefined> {
  const [row] = await db
    .select()
    .from(settlementPayments)
    .where(
      and(
        eq(settlementPayments.settlementId, settlementId),
        eq(settlementPayments.partnerId, partnerId),
        eq(settlementPayments.reference, reference),
      ),
    )
    .limit(1);
  return row;
}

/**
 * Records a payment; the primary key refuses a second payment with the same reference, and the
 * guard refuses payments that would add up to more than the statement's net.
 */
export function recordPaymentStatements(
  db: Database,
  row: PaymentRow,
  netAbsoluteMinor: number,
): BatchStatement[] {
  return [
    db.insert(settlementPayments).values(row),
    db.run(sql`INSERT INTO write_conflicts (reason) SELECT 'payment_exceeds_net'
      WHERE (SELECT SUM(amount_minor) FROM settlement_payments WHERE settlement_id = ${row.settlementId} AND partner_id = ${row.partnerId}) > ${netAbsoluteMinor}`),
  ];
}

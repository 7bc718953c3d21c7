import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { BatchStatement, Database } from './database.js';
import { requireChangedRow } from './guards.js';
import { settlementAdjustments, settlementStatements, settlements } from './schema/index.js';

export type SettlementRow = typeof settlements.$inferSelect;
export type StatementRow = typeof settlementStatements.$inferSelect;

/** D1 binds at most 100 parameters per statement; statement rows are inserted in chunks below that. */
const STATEMENT_ROWS_PER_INSERT = 12;

/**
 * The writes of a close, for one batch: the settlement (whose unique `number` and `from_sequence`
 * refuse a concurrent close of the same range), its statements, and the claim on each adjustment
 * it settled, guarded so that an adjustment is settled once.
 */
export function closeStatements(
  db: Database,
  settlement: SettlementRow,
  statements: readonly StatementRow[],
  adjustmentIds: readonly string[],
): BatchStatement[] {
  const writes: BatchStatement[] = [db.insert(settlements).values(settlement)];
  for (let start = 0; start < statements.length; start += STATEMENT_ROWS_PER_INSERT) {
    writes.push(
      db.insert(settlementStatements).values(statements.slice(start, start + STATEMENT_ROWS_PER_INSERT)),
    );
  }
  for (const id of adjustmentIds) {
    writes.push(
      db
        .update(settlementAdjustments)
        .set({ appliedSettlementId: settlement.id })
        .where(
          and(eq(settlementAdjustments.id, id), sql`${settlementAdjustments.appliedSettlementId} IS NULL`),
        ),
      requireChangedRow(db, 'adjustment_already_settled'),
    );
  }
  return writes;
}

export async function findSettlement(db: Database, settlementId: string): Promise<SettlementRow | undefined> {
  const [row] = await db.select().from(settlements).where(eq(settlements.id, settlementId)).limit(1);
  return row;
}

export async function findSettlementByNumber(
  db: Database,
  number: number,
): Promise<SettlementRow | undefined> {
  const [row] = await db.select().from(settlements).where(eq(settlements.number, number)).limit(1);
  return row;
}

const beforeNumber = (beforeId: string | undefined) =>
  beforeId === undefined
    ? undefined
    : sql`${settlements.number} < (SELECT s.number FROM settlements s WHERE s.id = ${beforeId})`;

/** Settlements newest first, keyset-paginated by number after the settlement `beforeId`. */
export async function listSettlements(
  db: Database,
  limit: number,
  beforeId?: string,
): Promise<SettlementRow[]> {
  return db
    .select()
    .from(settlements)
    .where(beforeNumber(beforeId))
    .orderBy(desc(settlements.number))
    .limit(limit);
}

export async function findStatement(
  db: Database,
  settlementId: string,
  partnerId: string,
): Promise<StatementRow | undefined> {
  const [row] = await db
    .select()
    .from(settlementStatements)
    .where(
      and(eq(settlementStatements.settlementId, settlementId), eq(settlementStatements.partnerId, partnerId)),
    )
    .limit(1);
  return row;
}

export async function listStatements(db: Database, settlementId: string): Promise<StatementRow[]> {
  return db
    .select()
    .from(settlementStatements)
    .where(eq(settlementStatements.settlementId, settlementId))
    .orderBy(asc(settlementStatements.partnerId));
}

/** A partner's own statements, newest settlement first, keyset-paginated like `listSettlements`. */
export async function listPartnerStatements(
  db: Database,
  partnerId: string,
  limit: number,
  beforeId?: string,
) {
  return db
    .select({
      statement: settlementStatements,
      settlement: { id: settlements.id, number: settlements.number, closedAt: settlements.closedAt },
    })
    .from(settlementStatements)
    .innerJoin(settlements, eq(settlements.id, settlementStatements.settlementId))
    .where(and(eq(settlementStatements.partnerId, partnerId), beforeNumber(beforeId)))
    .orderBy(desc(settlements.number))
    .limit(limit);
}

/** Records the partner's acknowledgement once; a later acknowledgement keeps the first time. */
export function acknowledgeStatement(
  db: Database,
  settlementId: string,
  partnerId: string,
  nowMs: number,
): BatchStatement {
  return db
    .update(settlementStatements)
    .set({ acknowledgedAt: sql`COALESCE(${settlementStatements.acknowledgedAt}, ${nowMs})` })
    .where(
      and(eq(settlementStatements.settlementId, settlementId), eq(settlementStatements.partnerId, partnerId)),
    );
}

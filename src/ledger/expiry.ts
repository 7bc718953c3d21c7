import { and, asc, eq, gt, lte } from 'drizzle-orm';
import { type BatchStatement, isConstraintFailure, runBatch } from '../db/database.js';
import { drawLotStatements, transferStatement } from '../db/ledger.js';
import { walletAccountId } from '../db/members.js';
import { lots, transactions } from '../db/schema/index.js';
import type { LedgerContext } from '../dependencies.js';

export const BREAKAGE_ACCOUNT_ID = 'network:breakage';
const LOTS_PER_BATCH = 100;

export interface ExpirySweepResult {
  readonly lotsExpired: number;
  readonly pointsExpired: number;
  readonly holdsExpired: number;
}

/**
 * Moves the points of every lot past its expiry to the breakage account (one transfer per
 * wallet, with the lots as provenance) and marks lapsed holds expired. Safe to run at any time
 * and as often as wanted: an expired lot is emptied once, and a second run finds nothing.
 */
export interface ExpirySweepOptions {
  /**
   * Stop after this many lots; the next run continues. Workers pass a small number, as D1
   * limits the queries of one invocation (each lot is one statement).
   */
  readonly maxLots?: number;
}

export async function sweepExpiredPoints(
  context: LedgerContext,
  options: ExpirySweepOptions = {},
): Promise<ExpirySweepResult> {
  const maxLots = options.maxLots ?? Number.POSITIVE_INFINITY;
  const { db, ids, clock } = context;
  const nowMs = clock();
  let lotsExpired = 0;
  let pointsExpired = 0;
  for (let conflicts = 0; conflicts < context.config.writeRetryLimit && lotsExpired < maxLots; ) {
    const due = await db
      .select({
        id: lots.id,
        memberId: lots.memberId,
        issuerPartnerId: lots.issuerPartnerId,
        pointsRemaining: lots.pointsRemaining,
      })
      .from(lots)
      .where(and(lte(lots.expiresAt, nowMs), gt(lots.pointsRemaining, 0)))
      .orderBy(asc(lots.memberId), asc(lots.expiresAt))
      .limit(Math.min(LOTS_PER_BATCH, maxLots - lotsExpired));
    if (due.length === 0) break;
    const runId = ids('exp');
    const statements: BatchStatement[] = [];
    for (const memberId of new Set(due.map((lot) => lot.memberId))) {
      const memberLots = due.filter((lot) => lot.memberId === memberId);
      const transferId = ids('trf');
      statements.push(
        transferStatement(db, {
          id: transferId,
          transactionId: runId,
          kind: 'expiry',
          debitAccountId: walletAccountId(memberId),
          creditAccountId: BREAKAGE_ACCOUNT_ID,
          points: memberLots.reduce((total, lot) => total + lot.pointsRemaining, 0),
          partnerId: null,
          createdAt: nowMs,
        }),
        ...drawLotStatements(
          db,
          transferId,
          memberLots.map((lot) => ({
            lotId: lot.id,
            issuerPartnerId: lot.issuerPartnerId,
            points: lot.pointsRemaining,
          })),
        ),
      );
    }
    try {
      await runBatch(db, statements);
      lotsExpired += due.length;
      pointsExpired += due.reduce((total, lot) => total + lot.pointsRemaining, 0);
    } catch (error) {
      // A reversal took points from one of these lots meanwhile: read them again.
      if (!isConstraintFailure(error)) throw error;
      conflicts += 1;
    }
  }
  const expiredHolds = await db
    .update(transactions)
    .set({ status: 'expired', resolvedAt: nowMs })
    .where(and(eq(transactions.status, 'pending'), lte(transactions.holdExpiresAt, nowMs)))
    .returning({ id: transactions.id });
  return { lotsExpired, pointsExpired, holdsExpired: expiredHolds.length };
}

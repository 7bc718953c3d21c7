import { and, asc, eq, gt, lte } from 'drizzle-orm';
import { lots, transactions } from '../db/schema/index.js';
import type { LedgerContext } from '../dependencies.js';
import { isDomainError } from '../domain/errors.js';
import { BREAKAGE_ACCOUNT_ID, walletAccountId } from '../domain/ledger/accounts.js';
import type { WritePlan } from '../writes/plan.js';
import { runWrite } from '../writes/run.js';
import { planLotMovement } from './postings.js';

export { BREAKAGE_ACCOUNT_ID } from '../domain/ledger/accounts.js';

const LOTS_PER_BATCH = 100;

export interface ExpirySweepResult {
  readonly lotsExpired: number;
  readonly pointsExpired: number;
  readonly holdsExpired: number;
}

export interface ExpirySweepOptions {
  /**
   * Stop after this many lots; the next run continues. Workers pass a small number, as D1
   * limits the queries of one invocation (each lot is one statement).
   */
  readonly maxLots?: number;
}

/**
 * Moves the points of every lot past its expiry to the breakage account (one transfer per
 * wallet, with the lots as provenance) and marks lapsed holds expired. Safe to run at any time
 * and as often as wanted: an expired lot is emptied once, and a second run finds nothing. Each
 * batch of lots is one write; one that a concurrent refund made stale is planned again.
 */
export async function sweepExpiredPoints(
  context: LedgerContext,
  options: ExpirySweepOptions = {},
): Promise<ExpirySweepResult> {
  const maxLots = options.maxLots ?? Number.POSITIVE_INFINITY;
  let lotsExpired = 0;
  let pointsExpired = 0;
  while (lotsExpired < maxLots) {
    const swept = await sweep(
      context,
      planExpiryBatch(context, Math.min(LOTS_PER_BATCH, maxLots - lotsExpired)),
    );
    if (swept === undefined || swept.lots === 0) break;
    lotsExpired += swept.lots;
    pointsExpired += swept.points;
  }
  const holds = await sweep(context, planHoldExpiry(context));
  return { lotsExpired, pointsExpired, holdsExpired: holds?.holds ?? 0 };
}

/** Runs one write of the sweep; a sweep that keeps losing races stops and the next run goes on. */
async function sweep<T>(context: LedgerContext, plan: () => Promise<WritePlan<T>>): Promise<T | undefined> {
  const outcome = await runWrite(
    context.db,
    { retryLimit: context.config.writeRetryLimit, nowMs: context.clock() },
    plan,
  );
  return isDomainError(outcome) ? undefined : outcome.body;
}

function planExpiryBatch(context: LedgerContext, limit: number) {
  return async (): Promise<WritePlan<{ lots: number; points: number }>> => {
    const { db, ids, clock } = context;
    const due = await db
      .select({
        id: lots.id,
        memberId: lots.memberId,
        issuerPartnerId: lots.issuerPartnerId,
        pointsRemaining: lots.pointsRemaining,
      })
      .from(lots)
      .where(and(lte(lots.expiresAt, clock()), gt(lots.pointsRemaining, 0)))
      .orderBy(asc(lots.memberId), asc(lots.expiresAt))
      .limit(limit);
    const runId = ids('exp');
    const statements = [...new Set(due.map((lot) => lot.memberId))].flatMap((memberId) =>
      planLotMovement(context, {
        kind: 'expiry',
        transactionId: runId,
        debitAccountId: walletAccountId(memberId),
        creditAccountId: BREAKAGE_ACCOUNT_ID,
        partnerId: null,
        lots: due
          .filter((lot) => lot.memberId === memberId)
          .map((lot) => ({
            lotId: lot.id,
            issuerPartnerId: lot.issuerPartnerId,
            points: lot.pointsRemaining,
          })),
      }),
    );
    const points = due.reduce((total, lot) => total + lot.pointsRemaining, 0);
    return { status: 200, body: { lots: due.length, points }, statements };
  };
}

function planHoldExpiry(context: LedgerContext) {
  return async (): Promise<WritePlan<{ holds: number }>> => {
    const { db, clock } = context;
    const nowMs = clock();
    const lapsed = and(eq(transactions.status, 'pending'), lte(transactions.holdExpiresAt, nowMs));
    // Only a sweep changes a lapsed hold (capture and void refuse one), so the count is exact.
    const holds = await db.$count(transactions, lapsed);
    return {
      status: 200,
      body: { holds },
      statements: [db.update(transactions).set({ status: 'expired', resolvedAt: nowMs }).where(lapsed)],
    };
  };
}

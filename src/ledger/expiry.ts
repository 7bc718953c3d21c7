import { and, asc, eq, gt, isNull, lte } from 'drizzle-orm';
import { lots, transactions } from '../db/schema/index.js';
import type { LedgerContext } from '../dependencies.js';
import { isDomainError } from '../domain/errors.js';
import { BREAKAGE_ACCOUNT_ID, walletAccountId } from '../domain/ledger/accounts.js';
import { eventDraft } from '../events/draft.js';
import { requireChangedRow } from '../writes/guards.js';
import type { WritePlan } from '../writes/plan.js';
import { runWrite } from '../writes/run.js';
import { planLotMovement } from './postings.js';

export { BREAKAGE_ACCOUNT_ID } from '../domain/ledger/accounts.js';

const LOTS_PER_BATCH = 100;
const DAY_MS = 86_400_000;

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
  let holdsExpired = 0;
  for (;;) {
    const holds = await sweep(context, planHoldExpiry(context));
    if (holds === undefined || holds.holds === 0) break;
    holdsExpired += holds.holds;
  }
  return { lotsExpired, pointsExpired, holdsExpired };
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
    const byMember = new Map<string, typeof due>();
    for (const lot of due) byMember.set(lot.memberId, [...(byMember.get(lot.memberId) ?? []), lot]);
    const statements = [...byMember].flatMap(([memberId, memberLots]) =>
      planLotMovement(context, {
        kind: 'expiry',
        transactionId: runId,
        debitAccountId: walletAccountId(memberId),
        creditAccountId: BREAKAGE_ACCOUNT_ID,
        partnerId: null,
        lots: memberLots.map((lot) => ({
          lotId: lot.id,
          issuerPartnerId: lot.issuerPartnerId,
          points: lot.pointsRemaining,
        })),
      }),
    );
    const events = [...byMember].map(([memberId, memberLots]) =>
      eventDraft(
        context,
        'points.expired',
        {
          memberId,
          points: memberLots.reduce((total, lot) => total + lot.pointsRemaining, 0),
          lots: memberLots.length,
        },
        { memberIds: [memberId], ledger: true },
      ),
    );
    const points = due.reduce((total, lot) => total + lot.pointsRemaining, 0);
    return { status: 200, body: { lots: due.length, points }, statements, events };
  };
}

const HOLDS_PER_BATCH = 100;

/**
 * Marks lapsed holds expired, each guarded on being still pending, so that two sweeps running
 * at once expire (and announce) each hold once: the later batch fails its guard and finds none.
 */
function planHoldExpiry(context: LedgerContext) {
  return async (): Promise<WritePlan<{ holds: number }>> => {
    const { db, clock } = context;
    const nowMs = clock();
    const lapsed = await db
      .select({ id: transactions.id, partnerId: transactions.partnerId, memberId: transactions.memberId })
      .from(transactions)
      .where(and(eq(transactions.status, 'pending'), lte(transactions.holdExpiresAt, nowMs)))
      .limit(HOLDS_PER_BATCH);
    return {
      status: 200,
      body: { holds: lapsed.length },
      statements: lapsed.flatMap((hold) => [
        db
          .update(transactions)
          .set({ status: 'expired', resolvedAt: nowMs })
          .where(and(eq(transactions.id, hold.id), eq(transactions.status, 'pending'))),
        requireChangedRow(db, 'hold_resolved'),
      ]),
      events: lapsed.map((hold) =>
        eventDraft(
          context,
          'transaction.hold_expired',
          { transactionId: hold.id, partnerId: hold.partnerId ?? '', memberId: hold.memberId },
          { partnerId: hold.partnerId, memberIds: [hold.memberId] },
        ),
      ),
    };
  };
}

const NOTICES_PER_BATCH = 100;

/**
 * Tells each member, once per lot, that its points will expire within `EXPIRY_NOTICE_DAYS`: the
 * lot is marked in the same batch as its `points.expiring` event, guarded, so a notice is never
 * sent twice however many sweeps run. Resumable: the next run continues where this one stopped.
 */
export async function sendExpiryNotices(
  context: LedgerContext,
  options: ExpirySweepOptions = {},
): Promise<number> {
  const maxLots = options.maxLots ?? Number.POSITIVE_INFINITY;
  let sent = 0;
  while (sent < maxLots && context.config.expiryNoticeDays > 0) {
    const batch = await sweep(
      context,
      planExpiryNotices(context, Math.min(NOTICES_PER_BATCH, maxLots - sent)),
    );
    if (batch === undefined || batch.notices === 0) break;
    sent += batch.notices;
  }
  return sent;
}

function planExpiryNotices(context: LedgerContext, limit: number) {
  return async (): Promise<WritePlan<{ notices: number }>> => {
    const { db, clock, config } = context;
    const nowMs = clock();
    const horizon = nowMs + config.expiryNoticeDays * DAY_MS;
    const due = await db
      .select({
        id: lots.id,
        memberId: lots.memberId,
        points: lots.pointsRemaining,
        expiresAt: lots.expiresAt,
      })
      .from(lots)
      .where(
        and(
          isNull(lots.expiryNoticeAt),
          gt(lots.pointsRemaining, 0),
          gt(lots.expiresAt, nowMs),
          lte(lots.expiresAt, horizon),
        ),
      )
      .orderBy(asc(lots.expiresAt), asc(lots.id))
      .limit(limit);
    return {
      status: 200,
      body: { notices: due.length },
      statements: due.flatMap((lot) => [
        db
          .update(lots)
          .set({ expiryNoticeAt: nowMs })
          .where(and(eq(lots.id, lot.id), isNull(lots.expiryNoticeAt))),
        requireChangedRow(db, 'notice_sent'),
      ]),
      events: due.map((lot) =>
        eventDraft(
          context,
          'points.expiring',
          {
            memberId: lot.memberId,
            lotId: lot.id,
            points: lot.points,
            expiresAt: new Date(lot.expiresAt).toISOString(),
          },
          { memberIds: [lot.memberId] },
        ),
      ),
    };
  };
}

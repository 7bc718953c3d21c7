import type { BatchStatement } from '../db/database.js';
import {
  insertQualifyingCreditStatement,
  insertStatusChangeStatement,
  type QualifyingCreditRow,
  type StatusSnapshot,
  updateStatusStatement,
} from '../db/status.js';
import type { LedgerContext } from '../dependencies.js';
import { computeStatus, type MemberStatus, type StatusInput } from '../domain/status/compute.js';
import { explainStatus } from '../domain/status/explain.js';
import { forecast, nextDowngrade, nextReviewAt, noticeDue } from '../domain/status/forecast.js';
import { earnGapGift, windowEndGapGift, withCredits } from '../domain/status/gap.js';
import { type EventDraft, eventDraft } from '../events/draft.js';
import { tellMember } from '../members/tell.js';
import { requireChangedRow } from '../writes/guards.js';
import { planGapGift } from './gifts.js';
import { planGoalGift } from './goal-gifts.js';
import { statusInputOf } from './inputs.js';

/** What made a member's status be looked at. */
export type StatusCause = 'earn' | 'capture' | 'refund' | 'challenge' | 'review' | 'merge';

export type NewCredits = Omit<QualifyingCreditRow, 'id' | 'createdAt'>;

export interface ReviewRequest {
  readonly snapshot: StatusSnapshot;
  readonly cause: StatusCause;
  /** The qualifying credits this write adds (an earn's) or takes back (a refund's). */
  readonly credits: readonly NewCredits[];
  /** The points an earn or capture adds to the wallet in this batch, on the status before it. */
  readonly pointsCredited?: (before: MemberStatus) => number;
}

export interface ReviewPlan {
  readonly statements: BatchStatement[];
  readonly events: EventDraft[];
  /** The status before this write (and before any gift it gives): what a tier bonus is decided on. */
  readonly before: MemberStatus;
  readonly after: MemberStatus;
}

/**
 * Reviews a member's status inside a write's batch: records the write's qualifying credits, gives
 * the gap gift due (for the window that ended since the last review; at an earn too, when the
 * network gives at any earn), recomputes the status from the credits, records and announces a
 * change with its reason, sends the `tier.expiring` notice when it is due, and says when the status
 * must be looked at again. Guarded on the status row's version: two writes for one member never
 * both commit on the same reading.
 */
export async function planReview(context: LedgerContext, request: ReviewRequest): Promise<ReviewPlan> {
  const { db, ids, clock, config } = context;
  const { snapshot, cause } = request;
  const row = snapshot.row;
  const nowMs = clock();
  const base = statusInputOf(snapshot, config.status, nowMs);
  const before = computeStatus(base);
  let input: StatusInput = request.credits.reduce(
    (sum, entry) => withCredits(sum, entry.qualifyingAt, entry.credits),
    base,
  );
  const credits: NewCredits[] = [...request.credits];
  const statements: BatchStatement[] = [];
  const events: EventDraft[] = [];
  const gifts = config.status.gapGift;
  let giftedPoints = 0;
  const gift = async (found: ReturnType<typeof windowEndGapGift>) => {
    if (found === null) return;
    const planned = await planGapGift(context, snapshot, found);
    if (planned === undefined) return;
    statements.push(...planned.statements);
    events.push(...planned.events);
    credits.push(planned.credits);
    giftedPoints += planned.credits.credits * gifts.pointsPerCredit;
    input = withCredits(input, planned.credits.qualifyingAt, planned.credits.credits);
  };
  if (gifts.maxCredits > 0 && row !== undefined) {
    const windowStart = before.current.window.start;
    // The window that ended since the last review is given its gap once, by whichever write comes first.
    if (row.reviewedAt < windowStart) await gift(windowEndGapGift(input, gifts.maxCredits));
    if (gifts.at === 'any_earn' && (cause === 'earn' || cause === 'capture'))
      await gift(earnGapGift(input, gifts.maxCredits));
  }
  const after = computeStatus(input);
  // Read with the snapshot, so an earn's review costs no query of its own for it.
  const hasGoal = config.status.goalGift.maxPoints > 0 && snapshot.hasGoal;
  if (hasGoal && row !== undefined) {
    // A goal is looked at when a tier's gap is: at a window's end (on the points the member ended
    // it with, before this write's own), and, when the network gives at any earn, at each earn.
    const atEarn = gifts.at === 'any_earn' && (cause === 'earn' || cause === 'capture');
    if (atEarn || row.reviewedAt < before.current.window.start) {
      const planned = await planGoalGift(context, {
        memberId: snapshot.memberId,
        tier: after.tier?.code ?? null,
        pointsAdded: giftedPoints + (atEarn ? (request.pointsCredited?.(before) ?? 0) : 0),
      });
      if (planned !== undefined) {
        statements.push(...planned.statements);
        events.push(...planned.events);
      }
    }
  }
  const downgrade = nextDowngrade(input, after);
  const notice = noticeDue(downgrade, {
    noticeDays: config.status.expiryNoticeDays,
    noticeSentFor: row?.noticeSentFor ?? null,
  });
  const sendNotice = downgrade !== null && notice !== null && notice <= nowMs;
  const noticeSentFor = sendNotice ? (downgrade?.at ?? null) : (row?.noticeSentFor ?? null);
  const explanation = explainStatus(after);
  const tier = after.tier?.code ?? null;
  const changed = row === undefined || row.tier !== tier || row.validUntil !== after.validUntil;
  statements.unshift(
    ...credits.map((entry) =>
      insertQualifyingCreditStatement(db, { ...entry, id: ids('qcr'), createdAt: nowMs }),
    ),
  );
  statements.push(
    updateStatusStatement(db, snapshot.memberId, row?.version ?? 0, {
      tier,
      basis: after.basis,
      validUntil: after.validUntil,
      since: row !== undefined && row.tier === tier ? row.since : tier === null ? null : nowMs,
      explanation,
      reviewedAt: nowMs,
      nextReviewAt: nextReviewAt(input, after, {
        giftAtWindowEnd: true,
        maxGapCredits: gifts.maxCredits,
        hasGoal,
        noticeDays: config.status.expiryNoticeDays,
        noticeSentFor,
      }),
      noticeSentFor,
    }),
    requireChangedRow(db, 'status_changed'),
  );
  if (changed) {
    statements.push(
      insertStatusChangeStatement(db, {
        id: ids('stc'),
        memberId: snapshot.memberId,
        occurredAt: nowMs,
        fromTier: row?.tier ?? null,
        toTier: tier,
        validUntil: after.validUntil,
        basis: after.basis,
        cause,
        explanation,
      }),
    );
    events.push(
      eventDraft(
        context,
        'status.changed',
        {
          memberId: snapshot.memberId,
          from: row?.tier ?? null,
          to: tier,
          validUntil: after.validUntil === null ? null : new Date(after.validUntil).toISOString(),
          basis: after.basis,
          cause,
          explanation,
        },
        { memberIds: [snapshot.memberId] },
      ),
    );
  }
  if (sendNotice && downgrade !== null && after.tier !== null) {
    const keep = forecast(input, after).keep;
    const told = tellMember(
      context,
      snapshot.memberId,
      'tier.expiring',
      {
        memberId: snapshot.memberId,
        tier: after.tier.code,
        downgradeAt: new Date(downgrade.at).toISOString(),
        to: downgrade.tier?.code ?? null,
        creditsToKeep: keep?.credits ?? 0,
        by: new Date(keep?.by ?? downgrade.at).toISOString(),
      },
      {
        title: `Your ${after.tier.name} status is ending`,
        body: `It drops ${downgrade.tier === null ? 'away' : `to ${downgrade.tier.name}`} on ${new Date(downgrade.at).toISOString().slice(0, 10)} unless ${keep?.credits ?? 0} more qualifying credits are earned by ${new Date(keep?.by ?? downgrade.at).toISOString().slice(0, 10)}.`,
      },
    );
    statements.push(...told.statements);
    events.push(...told.events);
  }
  return { statements, events, before, after };
}

import { type AuditHook, noAudit } from '../db/audit.js';
import { statusChallenges } from '../db/schema/index.js';
import { readStatusSnapshot } from '../db/status.js';
import type { LedgerContext } from '../dependencies.js';
import { type DomainError, domainError, type RefusalOf } from '../domain/errors.js';
import { DAY_MS } from '../domain/status/compute.js';
import { ladderAt } from '../domain/status/ladder.js';
import type { WritePlan } from '../writes/plan.js';
import { yearOf } from './inputs.js';
import { planReview } from './review.js';
import { type StatusView, statusView } from './views.js';

export interface ChallengeRequest {
  /** The tier code granted on trial. */
  readonly tier: string;
  readonly days: number;
  /** Qualifying credits to earn within the days to keep the tier; 0 grants it outright (a match). */
  readonly targetCredits: number;
  readonly reason: string;
}

export interface ChallengeOutcome {
  readonly id: string;
  readonly memberId: string;
  readonly tier: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly targetCredits: number;
  readonly reason: string;
  /** The member's status as the challenge leaves it. */
  readonly status: StatusView;
}

/** What a status match or challenge can be refused with. */
export const CHALLENGE_REFUSALS = ['member_not_found', 'unknown_tier'] as const;

/**
 * The operator's status match or challenge: the member holds `tier` on trial for `days`; earning
 * `targetCredits` qualifying credits within them keeps it like any qualification (until the end of
 * the following window). A target of 0 is a match, met at once. The member's status is reviewed in
 * the same batch, so the trial tier shows at once, with its reason.
 */
export async function planStatusChallenge(
  context: LedgerContext,
  memberId: string,
  request: ChallengeRequest,
  grantedBy: string,
  audit: AuditHook = noAudit,
): Promise<WritePlan<ChallengeOutcome> | DomainError<RefusalOf<typeof CHALLENGE_REFUSALS>>> {
  const { db, ids, clock } = context;
  const nowMs = clock();
  const snapshot = await readStatusSnapshot(db, memberId, yearOf(nowMs));
  if (snapshot.enrolledAt === undefined)
    return domainError('member_not_found', `Member ${memberId} does not exist.`);
  const ladder = ladderAt(snapshot.ladders, nowMs);
  if (!ladder.tiers.some((tier) => tier.code === request.tier)) {
    return domainError('unknown_tier', `The network has no tier "${request.tier}".`, {
      tiers: ladder.tiers.map((tier) => tier.code),
    });
  }
  const challenge = {
    id: ids('chl'),
    memberId,
    tier: request.tier,
    startsAt: nowMs,
    endsAt: nowMs + request.days * DAY_MS,
    targetCredits: request.targetCredits,
    reason: request.reason,
    grantedBy,
    createdAt: nowMs,
  };
  const review = await planReview(context, {
    snapshot: {
      ...snapshot,
      challenges: [
        ...snapshot.challenges,
        {
          id: challenge.id,
          tierCode: challenge.tier,
          startsAt: challenge.startsAt,
          endsAt: challenge.endsAt,
          targetCredits: challenge.targetCredits,
          credits: [],
        },
      ],
    },
    cause: 'challenge',
    credits: [],
  });
  return {
    status: 201,
    body: {
      id: challenge.id,
      memberId,
      tier: challenge.tier,
      startsAt: new Date(challenge.startsAt).toISOString(),
      endsAt: new Date(challenge.endsAt).toISOString(),
      targetCredits: challenge.targetCredits,
      reason: challenge.reason,
      status: statusView(memberId, review.after),
    },
    statements: [
      db.insert(statusChallenges).values(challenge),
      ...review.statements,
      ...audit(memberId, {
        challengeId: challenge.id,
        tier: request.tier,
        days: request.days,
        targetCredits: request.targetCredits,
      }),
    ],
    events: review.events,
  };
}

import { insertQualifyingCreditStatement, readEarnCredits, readStatusSnapshot } from '../db/status.js';
import type { LedgerContext } from '../dependencies.js';
import { isDecimalError, parseDecimal } from '../domain/decimal.js';
import type { MemberStatus } from '../domain/status/compute.js';
import { bonusRate } from '../domain/status/ladder.js';
import { bonusPointsFor, creditsToTakeBack, qualifyingCreditsFor } from '../domain/status/qualifying.js';
import type { EarnExtension, ExtensionPlan, TierBonusDecision } from '../ledger/extensions.js';
import { yearOf } from './inputs.js';
import { type NewCredits, planReview, type StatusCause } from './review.js';

/**
 * Status's part of every earn, capture and refund, in the same batch: the qualifying credits the
 * partner's rule gives (or the refund takes back), the review of the member's tier they cause, and
 * the bonus the member's tier adds to the earn. The routes hand it to the ledger's planners.
 */
export const statusOfEarns: EarnExtension = {
  async credited(context, earn) {
    const rate = parseDecimal(earn.partner.qualifyingCreditsPerPoint);
    if (isDecimalError(rate))
      throw new Error(`partner ${earn.partner.id} has an unreadable qualifying rule: ${rate.detail}`);
    const credits = qualifyingCreditsFor(earn.points, rate);
    const entries: NewCredits[] =
      credits > 0
        ? [
            {
              memberId: earn.memberId,
              source: 'earn',
              sourceId: earn.transactionId,
              partnerId: earn.partner.id,
              credits,
              qualifyingAt: context.clock(),
            },
          ]
        : [];
    return review(context, earn.memberId, earn.cause, entries, (before) => tierBonus(before, earn.points), {
      pointsCredited: (before) => earn.points + (tierBonus(before, earn.points)?.points ?? 0),
    });
  },

  async refunded(context, refund) {
    const earned = await readEarnCredits(context.db, refund.earnTransactionId);
    if (earned === undefined) return { statements: [], events: [], tierBonus: null };
    const credits = creditsToTakeBack(
      earned.credits,
      refund.baseAmountMinor,
      refund.reversedBeforeMinor,
      refund.refundMinor,
    );
    const entries: NewCredits[] =
      credits > 0
        ? [
            {
              memberId: refund.memberId,
              source: 'refund',
              sourceId: refund.reversalTransactionId,
              partnerId: refund.partnerId,
              credits: -credits,
              // Dated like the earn: the credits leave the window (and month) they counted in.
              qualifyingAt: earned.qualifyingAt,
            },
          ]
        : [];
    return review(context, refund.memberId, 'refund', entries, () => null);
  },
};

async function review(
  context: LedgerContext,
  memberId: string,
  cause: StatusCause,
  credits: NewCredits[],
  bonus: (before: MemberStatus) => TierBonusDecision | null,
  options: { pointsCredited?: (before: MemberStatus) => number } = {},
): Promise<ExtensionPlan> {
  const snapshot = await readStatusSnapshot(context.db, memberId, yearOf(context.clock()));
  // Without tiers there is no status to review; the credits still count once tiers are published.
  if (snapshot.ladders.length === 0 || snapshot.row === undefined) {
    return {
      statements: credits.map((entry) =>
        insertQualifyingCreditStatement(context.db, {
          ...entry,
          id: context.ids('qcr'),
          createdAt: context.clock(),
        }),
      ),
      events: [],
      tierBonus: null,
    };
  }
  const planned = await planReview(context, { snapshot, cause, credits, ...options });
  return { statements: planned.statements, events: planned.events, tierBonus: bonus(planned.before) };
}

/** The bonus the tier the member held when they earned adds to the points earned. */
function tierBonus(before: MemberStatus, points: number): TierBonusDecision | null {
  const tier = before.tier;
  const rate = bonusRate(tier);
  const multiplier = tier?.benefits.earnMultiplier;
  if (tier === null || rate === null || multiplier === null || multiplier === undefined) return null;
  const bonus = bonusPointsFor(points, rate);
  if (bonus <= 0) return null;
  return {
    tier: tier.code,
    tierName: tier.name,
    multiplier: multiplier.multiplier,
    fundedBy: multiplier.fundedBy,
    points: bonus,
  };
}

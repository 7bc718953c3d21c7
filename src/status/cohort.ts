import { isNotNull, lte, or } from 'drizzle-orm';
import { memberStatus } from '../db/schema/index.js';
import { readStatusSnapshot } from '../db/status.js';
import type { LedgerContext } from '../dependencies.js';
import { computeStatus } from '../domain/status/compute.js';
import { statusInputOf, yearOf } from './inputs.js';

/**
 * The members who hold one of `tiers` now, in member id order. The status row is the status
 * recomputed at its last review and stays right until its `next_review_at` (a window or grace or
 * trial ending, a ladder published); status rises only by a write, which reviews it in its batch. So
 * a member not due for a review holds the tier the row says, and only the members due for one (or
 * holding a tier) need reading: those due are recomputed from their credits, as the review would.
 */
export async function membersHoldingTiers(
  context: LedgerContext,
  tiers: readonly string[],
): Promise<string[]> {
  const { db, clock, config } = context;
  const nowMs = clock();
  const wanted = new Set(tiers);
  const rows = await db
    .select({
      memberId: memberStatus.memberId,
      tier: memberStatus.tier,
      nextReviewAt: memberStatus.nextReviewAt,
    })
    .from(memberStatus)
    .where(or(isNotNull(memberStatus.tier), lte(memberStatus.nextReviewAt, nowMs)));
  const holding: string[] = [];
  for (const row of rows) {
    const due = row.nextReviewAt !== null && row.nextReviewAt <= nowMs;
    if (!due) {
      if (row.tier !== null && wanted.has(row.tier)) holding.push(row.memberId);
      continue;
    }
    const snapshot = await readStatusSnapshot(db, row.memberId, yearOf(nowMs));
    const tier = computeStatus(statusInputOf(snapshot, config.status, nowMs)).tier;
    if (tier !== null && wanted.has(tier.code)) holding.push(row.memberId);
  }
  return holding.sort();
}

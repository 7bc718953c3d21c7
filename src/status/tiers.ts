import { sql } from 'drizzle-orm';
import { type AuditHook, noAudit } from '../db/audit.js';
import { memberStatus, tierLadders } from '../db/schema/index.js';
import type { LedgerContext } from '../dependencies.js';
import { type DomainError, isDomainError } from '../domain/errors.js';
import { checkTiers, type Ladder, type Tier } from '../domain/status/ladder.js';
import type { WritePlan } from '../writes/plan.js';
import { type LadderView, ladderView } from './views.js';

/** What publishing tiers can be refused with. */
export const PUBLISH_TIERS_REFUSALS = ['validation_failed'] as const;

/**
 * Publishes the network's tiers as a new version of the ladder, in force from now: windows that
 * ended before keep the ladder they were judged by. Every member's status is due for review at
 * once (the sweep recomputes it with the new tiers), and its version moves, so that an earn
 * planned on the old ladder is planned again on the new one rather than commit a stale status.
 */
export async function planPublishTiers(
  context: LedgerContext,
  tiers: readonly Tier[],
  publishedBy: string,
  audit: AuditHook = noAudit,
): Promise<WritePlan<LadderView> | DomainError<'validation_failed'>> {
  const { db, ids, clock } = context;
  const checked = checkTiers(tiers);
  if (isDomainError(checked)) return checked;
  const nowMs = clock();
  const ladder: Ladder = { id: ids('lad'), effectiveFrom: nowMs, tiers: checked };
  return {
    status: 201,
    body: ladderView(ladder),
    statements: [
      db.insert(tierLadders).values({ ...ladder, publishedBy, createdAt: nowMs }),
      db.update(memberStatus).set({ nextReviewAt: nowMs, version: sql`${memberStatus.version} + 1` }),
      ...audit(ladder.id, { tiers: checked.map((tier) => ({ code: tier.code, threshold: tier.threshold })) }),
    ],
  };
}

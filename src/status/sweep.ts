import { readDueReviews, readStatusSnapshot } from '../db/status.js';
import type { LedgerContext } from '../dependencies.js';
import { isDomainError } from '../domain/errors.js';
import type { WritePlan } from '../writes/plan.js';
import { runWrite } from '../writes/run.js';
import { yearOf } from './inputs.js';
import { planReview } from './review.js';

const MEMBERS_PER_READ = 50;

export interface StatusSweepResult {
  readonly reviewed: number;
  readonly changed: number;
}

/**
 * Reviews every member whose status is due (a window ended, a grace period or a trial ended, a
 * `tier.expiring` notice is due): the gap gift of the window that ended, the status it leaves, the
 * change and the notice. One write per member, each guarded on the member's status version, so a
 * sweep racing an earn, or another sweep, never reviews a member twice on one reading. Safe to
 * repeat: a reviewed member is due again only when something will change. The scheduled job runs
 * it (the Worker's cron trigger, `npm run -s cli -- statuses`).
 */
export async function reviewDueStatuses(
  context: LedgerContext,
  options: { maxMembers?: number } = {},
): Promise<StatusSweepResult> {
  const maxMembers = options.maxMembers ?? Number.POSITIVE_INFINITY;
  const tried = new Set<string>();
  let reviewed = 0;
  let changed = 0;
  while (tried.size < maxMembers) {
    const due = (await readDueReviews(context.db, context.clock(), MEMBERS_PER_READ + tried.size)).filter(
      (memberId) => !tried.has(memberId),
    );
    if (due.length === 0) break;
    for (const memberId of due.slice(0, maxMembers - tried.size)) {
      tried.add(memberId);
      const outcome = await runWrite(
        context.db,
        { retryLimit: context.config.writeRetryLimit, nowMs: context.clock() },
        () => planScheduledReview(context, memberId),
      );
      if (isDomainError(outcome)) continue;
      reviewed += 1;
      if (outcome.body.changed) changed += 1;
    }
  }
  return { reviewed, changed };
}

async function planScheduledReview(
  context: LedgerContext,
  memberId: string,
): Promise<WritePlan<{ changed: boolean }>> {
  const snapshot = await readStatusSnapshot(context.db, memberId, yearOf(context.clock()));
  const planned = await planReview(context, { snapshot, cause: 'review', credits: [] });
  const changed =
    snapshot.row?.tier !== (planned.after.tier?.code ?? null) ||
    snapshot.row?.validUntil !== planned.after.validUntil;
  return { status: 200, body: { changed }, statements: planned.statements, events: planned.events };
}

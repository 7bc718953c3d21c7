import { eq, sql } from 'drizzle-orm';
import { findItem } from '../db/catalogue.js';
import type { Database } from '../db/database.js';
import { deleteGoalStatement, findGoal, findGoalGift, saveGoalStatement } from '../db/goals.js';
import { readMemberLots } from '../db/ledger.js';
import { memberStatus } from '../db/schema/index.js';
import type { LedgerContext } from '../dependencies.js';
import { isEligible } from '../domain/catalogue/eligibility.js';
import { type DomainError, domainError } from '../domain/errors.js';
import { spendableLots, sumPoints } from '../domain/ledger/lots.js';
import { readMemberStatus } from '../status/views.js';
import type { WritePlan } from '../writes/plan.js';
import { memberFacts, tierReadGuard } from './member-facts.js';

export const SAVE_GOAL_REFUSALS = ['item_not_found', 'item_unavailable', 'not_eligible'] as const;
export const READ_GOAL_REFUSALS = ['goal_not_found'] as const;

export interface GoalView {
  readonly itemId: string;
  readonly title: string;
  readonly pointsPrice: number;
  /** Points still missing from the member's spendable wallet; 0 once it covers the price. */
  readonly pointsToGo: number;
  readonly savedAt: string;
  /** The network's gift of the last points, once given. */
  readonly gift: { readonly points: number; readonly message: string; readonly givenAt: string } | null;
}

async function goalView(
  context: LedgerContext,
  memberId: string,
  goal: { itemId: string; savedAt: number },
): Promise<GoalView> {
  const { db, clock } = context;
  const item = await findItem(db, goal.itemId);
  const balance = sumPoints(spendableLots(await readMemberLots(db, memberId), clock()));
  const gift = await findGoalGift(db, memberId, goal.itemId);
  const price = item?.pointsPrice ?? 0;
  return {
    itemId: goal.itemId,
    title: item?.title ?? '',
    pointsPrice: price,
    pointsToGo: Math.max(0, price - balance),
    savedAt: new Date(goal.savedAt).toISOString(),
    gift:
      gift === undefined
        ? null
        : { points: gift.points, message: gift.message, givenAt: new Date(gift.givenAt).toISOString() },
  };
}

/**
 * Saves the catalogue item the member saves for, replacing any goal they had: only an item they
 * could reserve now (approved, within its availability window, offered to them). When the network
 * gives gap gifts at a window's end, the member's status is then due for a review when the window
 * ends, so the gap to the item is looked at then.
 */
export async function planSaveGoal(
  context: LedgerContext,
  memberId: string,
  itemId: string,
): Promise<WritePlan<GoalView> | DomainError<(typeof SAVE_GOAL_REFUSALS)[number]>> {
  const { db, clock } = context;
  const nowMs = clock();
  const item = await findItem(db, itemId);
  if (item === undefined || item.status !== 'approved')
    return domainError('item_not_found', `Item ${itemId} is not in the catalogue.`);
  if (nowMs < item.availableFrom || nowMs >= item.availableUntil)
    return domainError('item_unavailable', `Item ${item.id} is not available now.`, {
      availableFrom: new Date(item.availableFrom).toISOString(),
      availableUntil: new Date(item.availableUntil).toISOString(),
    });
  const facts = await memberFacts(context, memberId);
  if (!isEligible(item.eligibility, facts))
    return domainError('not_eligible', `Item ${item.id} is not offered to this member.`);
  const goal = { memberId, itemId: item.id, savedAt: nowMs };
  const status = await readMemberStatus(context, memberId);
  return {
    status: 200,
    body: await goalView(context, memberId, goal),
    statements: [
      ...(item.eligibility.tiers === undefined ? [] : tierReadGuard(db, facts)),
      saveGoalStatement(db, goal),
      ...(status === undefined ? [] : [reviewByStatement(db, memberId, status.status.current.window.end)]),
    ],
  };
}

/** Brings the member's next status review forward to `atMs` at the latest. */
function reviewByStatement(db: Database, memberId: string, atMs: number) {
  return db
    .update(memberStatus)
    .set({ nextReviewAt: sql`MIN(COALESCE(${memberStatus.nextReviewAt}, ${atMs}), ${atMs})` })
    .where(eq(memberStatus.memberId, memberId));
}

export async function readGoal(
  context: LedgerContext,
  memberId: string,
): Promise<GoalView | DomainError<(typeof READ_GOAL_REFUSALS)[number]>> {
  const goal = await findGoal(context.db, memberId);
  if (goal === undefined) return domainError('goal_not_found', 'No goal is saved.');
  return goalView(context, memberId, goal);
}

/** Forgets the member's goal; forgetting none is no error. */
export async function planDeleteGoal(context: LedgerContext, memberId: string): Promise<WritePlan<null>> {
  return { status: 200, body: null, statements: [deleteGoalStatement(context.db, memberId)] };
}

import { findItem, memberHome } from '../db/catalogue.js';
import type { BatchStatement } from '../db/database.js';
import {
  findGoal,
  findGoalGift,
  insertGoalGiftStatement,
  readGoalGiftAllowances,
  useGoalAllowanceStatement,
} from '../db/goals.js';
import { readMemberLots } from '../db/ledger.js';
import { poolsOfMember } from '../db/pools.js';
import { NETWORK_HOLDER } from '../db/status.js';
import { insertTransactionStatement } from '../db/transactions.js';
import type { LedgerContext } from '../dependencies.js';
import { isEligible } from '../domain/catalogue/eligibility.js';
import { spendableLots, sumPoints } from '../domain/ledger/lots.js';
import { goalGap, goalGiftMessage } from '../domain/status/goal.js';
import type { EventDraft } from '../events/draft.js';
import { NETWORK_FUNDER, planCredit } from '../ledger/postings.js';
import { tellMember } from '../members/tell.js';
import { yearOf } from './inputs.js';

/** What the review knows of the member when it looks at their goal. */
export interface GoalCheck {
  readonly memberId: string;
  /** The member's tier as the review leaves it: what the item's eligibility is decided on. */
  readonly tier: string | null;
  /** Points this write adds to the wallet in the same batch, on top of what it holds now. */
  readonly pointsAdded: number;
}

/**
 * Gives the last points to the catalogue item the member saves for, when they are within
 * GOAL_GIFT_MAX_POINTS of its price: the gap exactly, from the network's promotions budget (a
 * `gap_gift` transaction priced at the point value, a network cost in settlement), and tells the
 * member why. Only for an item the member could reserve now (approved, available, in stock, and
 * eligible on the tier the review leaves them at), once per member and item, within the member's
 * yearly cap and the network's yearly budget. The batch guards the last two again (a unique index,
 * and the allowances' CHECK), so gifts racing for the last points of a budget, or for one goal, are
 * given once and never past it.
 */
export async function planGoalGift(
  context: LedgerContext,
  check: GoalCheck,
): Promise<{ statements: BatchStatement[]; events: EventDraft[] } | undefined> {
  const { db, ids, clock, config } = context;
  const settings = config.status.goalGift;
  if (settings.maxPoints === 0) return undefined;
  const { memberId } = check;
  const goal = await findGoal(db, memberId);
  if (goal === undefined) return undefined;
  const nowMs = clock();
  const item = await findItem(db, goal.itemId);
  if (
    item === undefined ||
    item.status !== 'approved' ||
    nowMs < item.availableFrom ||
    nowMs >= item.availableUntil ||
    item.reserved >= item.stock
  )
    return undefined;
  const facts = {
    memberId,
    tier: check.tier,
    country: (await memberHome(db, memberId))?.country ?? null,
    poolIds: (await poolsOfMember(db, memberId)).map(({ pool }) => pool.id),
  };
  if (!isEligible(item.eligibility, facts)) return undefined;
  const balance = sumPoints(spendableLots(await readMemberLots(db, memberId), nowMs)) + check.pointsAdded;
  const points = goalGap(item.pointsPrice, balance, settings.maxPoints);
  if (points === null) return undefined;
  if ((await findGoalGift(db, memberId, item.id)) !== undefined) return undefined;
  const year = yearOf(nowMs);
  const used = await readGoalGiftAllowances(db, memberId, year);
  if (used.network + points > settings.budgetYearly || used.member + points > settings.memberCapYearly)
    return undefined;

  const giftId = ids('gft');
  const transactionId = ids('txn');
  const message = goalGiftMessage(points, item.title);
  const credit = await planCredit(context, {
    kind: 'gap_gift',
    memberId,
    transactionId,
    points,
    funder: NETWORK_FUNDER,
    unitPrice: config.pointValueText,
  });
  const told = tellMember(
    context,
    memberId,
    'gratitude.goal_gift_given',
    { memberId, giftId, transactionId, itemId: item.id, points, message },
    { title: 'A gift from the coalition', body: message },
    { ledger: true },
  );
  return {
    statements: [
      useGoalAllowanceStatement(db, NETWORK_HOLDER, year, settings.budgetYearly, points),
      useGoalAllowanceStatement(db, memberId, year, settings.memberCapYearly, points),
      insertGoalGiftStatement(db, {
        id: giftId,
        memberId,
        itemId: item.id,
        points,
        transactionId,
        message,
        givenAt: nowMs,
      }),
      insertTransactionStatement(db, {
        id: transactionId,
        partnerId: null,
        memberId,
        kind: 'gap_gift',
        status: 'posted',
        points,
        details: { kind: 'gap_gift', reason: message, tier: null, credits: 0, itemId: item.id },
        createdAt: nowMs,
      }),
      ...credit.statements,
      ...told.statements,
    ],
    events: told.events,
  };
}

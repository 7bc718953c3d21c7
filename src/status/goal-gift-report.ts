import { and, count, eq, gte, lt, sql } from 'drizzle-orm';
import { goalGiftAllowances, goalGifts, transfers } from '../db/schema/index.js';
import { NETWORK_HOLDER } from '../db/status.js';
import type { LedgerContext } from '../dependencies.js';
import { add, multiply, type Rational, rational } from '../domain/rational.js';
import { exactDecimal, storedDecimal } from '../domain/settlement/amounts.js';

export interface GoalGiftPeriod {
  readonly period: string;
  readonly gifts: number;
  readonly points: number;
  /** What the points cost, at the price recorded on their transfers: exact, in reference currency. */
  readonly costExact: string;
}

export interface GoalGiftFigures {
  readonly budget: { points: number; used: number; remaining: number };
  readonly months: GoalGiftPeriod[];
  readonly total: GoalGiftPeriod;
}

/**
 * What goal gifts (the last points to a catalogue item a member saves for) cost in a calendar year,
 * month by month: gifts and points given, and the points' cost at the price recorded on each gift's
 * own `gap_gift` transfer; and the network's yearly budget in points (GOAL_GIFT_BUDGET_YEARLY) with
 * what its allowance row says was used. Kept apart from tier gap gifts, which count credits.
 */
export async function goalGiftFigures(context: LedgerContext, year: number): Promise<GoalGiftFigures> {
  const { db, config } = context;
  const from = Date.UTC(year, 0, 1);
  const to = Date.UTC(year + 1, 0, 1);
  const rows = await db
    .select({
      month: sql<string>`strftime('%Y-%m', ${goalGifts.givenAt} / 1000, 'unixepoch')`,
      unitPrice: transfers.unitPrice,
      gifts: count(),
      points: sql<number>`SUM(${goalGifts.points})`,
    })
    .from(goalGifts)
    .leftJoin(
      transfers,
      and(eq(transfers.transactionId, goalGifts.transactionId), eq(transfers.kind, 'gap_gift')),
    )
    .where(and(gte(goalGifts.givenAt, from), lt(goalGifts.givenAt, to)))
    .groupBy(sql`1`, transfers.unitPrice);
  const [allowance] = await db
    .select({ used: goalGiftAllowances.usedPoints })
    .from(goalGiftAllowances)
    .where(and(eq(goalGiftAllowances.holder, NETWORK_HOLDER), eq(goalGiftAllowances.year, year)));
  const byMonth = new Map<string, { gifts: number; points: number; cost: Rational }>();
  for (const row of rows) {
    const month = byMonth.get(row.month) ?? { gifts: 0, points: 0, cost: rational(0n) };
    const price = row.unitPrice === null ? rational(0n) : storedDecimal(row.unitPrice, 'unit price');
    byMonth.set(row.month, {
      gifts: month.gifts + row.gifts,
      points: month.points + Number(row.points),
      cost: add(month.cost, multiply(rational(BigInt(row.points)), price)),
    });
  }
  const months = [...byMonth.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([period, month]) => ({
      period,
      gifts: month.gifts,
      points: month.points,
      costExact: exactDecimal(month.cost),
    }));
  const totals = [...byMonth.values()];
  const used = allowance?.used ?? 0;
  const budget = config.status.goalGift.budgetYearly;
  return {
    budget: { points: budget, used, remaining: Math.max(0, budget - used) },
    months,
    total: {
      period: String(year),
      gifts: totals.reduce((total, month) => total + month.gifts, 0),
      points: totals.reduce((total, month) => total + month.points, 0),
      costExact: exactDecimal(totals.reduce((total, month) => add(total, month.cost), rational(0n))),
    },
  };
}

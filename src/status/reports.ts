import { and, count, eq, gte, lt, sql } from 'drizzle-orm';
import { gapGifts, gratitudeAllowances, memberStatus, transfers } from '../db/schema/index.js';
import { NETWORK_HOLDER, readLadders } from '../db/status.js';
import type { LedgerContext } from '../dependencies.js';
import { add, multiply, type Rational, rational } from '../domain/rational.js';
import { exactDecimal, storedDecimal } from '../domain/settlement/amounts.js';
import { ladderAt } from '../domain/status/ladder.js';
import { type GoalGiftFigures, goalGiftFigures } from './goal-gift-report.js';

/** The operator's view of status: how many members hold each tier, and what gratitude cost. */

export interface MembersPerTier {
  readonly asOf: string;
  readonly tiers: { code: string | null; name: string; threshold: number | null; members: number }[];
}

/**
 * Members per tier, as each member's status was last reviewed (every write that moves a member's
 * credits reviews it; the scheduled review catches up with window ends within a run of the job).
 */
export async function membersPerTier(context: LedgerContext): Promise<MembersPerTier> {
  const nowMs = context.clock();
  const ladder = ladderAt(await readLadders(context.db), nowMs);
  const rows = await context.db
    .select({ tier: memberStatus.tier, members: count() })
    .from(memberStatus)
    .groupBy(memberStatus.tier);
  const membersOf = (code: string | null) => rows.find((row) => row.tier === code)?.members ?? 0;
  const known = new Set(ladder.tiers.map((tier) => tier.code));
  return {
    asOf: new Date(nowMs).toISOString(),
    tiers: [
      { code: null, name: 'No tier', threshold: null, members: membersOf(null) },
      ...ladder.tiers.map((tier) => ({
        code: tier.code,
        name: tier.name,
        threshold: tier.threshold,
        members: membersOf(tier.code),
      })),
      // A tier a newer ladder no longer has, until the members holding it are reviewed.
      ...rows
        .filter((row) => row.tier !== null && !known.has(row.tier))
        .map((row) => ({ code: row.tier, name: row.tier ?? '', threshold: null, members: row.members })),
    ],
  };
}

export interface GratitudePeriod {
  readonly period: string;
  readonly gifts: number;
  readonly credits: number;
  readonly points: number;
  /** What the points cost, at the price recorded on their transfers: exact, in reference currency. */
  readonly costExact: string;
}

export interface GratitudeReport {
  readonly year: number;
  readonly referenceCurrency: string;
  readonly budget: { credits: number; used: number; remaining: number };
  readonly months: GratitudePeriod[];
  readonly total: GratitudePeriod;
  /** Goal gifts, in figures of their own: they give points, never credits. */
  readonly goalGifts: GoalGiftFigures;
}

/**
 * What gap gifts cost in a calendar year, month by month: gifts, credits and points given, and the
 * points' cost at the price recorded on each gift's transfer (the same figure the settlement's
 * `networkFunded` shows, there per settlement period, with goal gifts added). Reads the gifts of the
 * year only. Goal gifts are reported beside them (`goalGifts`), not mixed into the tier figures.
 */
export async function gratitudeReport(context: LedgerContext, year: number): Promise<GratitudeReport> {
  const { db, config } = context;
  const from = Date.UTC(year, 0, 1);
  const to = Date.UTC(year + 1, 0, 1);
  const rows = await db
    .select({
      month: sql<string>`strftime('%Y-%m', ${gapGifts.givenAt} / 1000, 'unixepoch')`,
      unitPrice: transfers.unitPrice,
      gifts: count(),
      credits: sql<number>`SUM(${gapGifts.credits})`,
      points: sql<number>`SUM(${gapGifts.points})`,
    })
    .from(gapGifts)
    .leftJoin(
      transfers,
      and(eq(transfers.transactionId, gapGifts.transactionId), eq(transfers.kind, 'gap_gift')),
    )
    .where(and(gte(gapGifts.givenAt, from), lt(gapGifts.givenAt, to)))
    .groupBy(sql`1`, transfers.unitPrice);
  const [allowance] = await db
    .select({ used: gratitudeAllowances.usedCredits })
    .from(gratitudeAllowances)
    .where(and(eq(gratitudeAllowances.holder, NETWORK_HOLDER), eq(gratitudeAllowances.year, year)));
  const byMonth = new Map<string, { gifts: number; credits: number; points: number; cost: Rational }>();
  for (const row of rows) {
    const month = byMonth.get(row.month) ?? { gifts: 0, credits: 0, points: 0, cost: rational(0n) };
    const price = row.unitPrice === null ? rational(0n) : storedDecimal(row.unitPrice, 'unit price');
    byMonth.set(row.month, {
      gifts: month.gifts + row.gifts,
      credits: month.credits + Number(row.credits),
      points: month.points + Number(row.points),
      cost: add(month.cost, multiply(rational(BigInt(row.points)), price)),
    });
  }
  const months = [...byMonth.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([period, month]) => ({
      period,
      gifts: month.gifts,
      credits: month.credits,
      points: month.points,
      costExact: exactDecimal(month.cost),
    }));
  const totals = [...byMonth.values()];
  const used = allowance?.used ?? 0;
  const budget = config.status.gapGift.budgetYearly;
  return {
    year,
    referenceCurrency: config.referenceCurrency,
    budget: { credits: budget, used, remaining: Math.max(0, budget - used) },
    months,
    total: {
      period: String(year),
      gifts: totals.reduce((total, month) => total + month.gifts, 0),
      credits: totals.reduce((total, month) => total + month.credits, 0),
      points: totals.reduce((total, month) => total + month.points, 0),
      costExact: exactDecimal(totals.reduce((total, month) => add(total, month.cost), rational(0n))),
    },
    goalGifts: await goalGiftFigures(context, year),
  };
}

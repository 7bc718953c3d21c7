import { sql } from 'drizzle-orm';
import {
  check,
  customType,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import { type Tier, tiersSchema } from '../../domain/status/ladder.js';
import { members } from './members.js';

/** `tier_ladders.tiers`: JSON in the database, parsed (and checked) once when a row is read. */
const tiersColumn = customType<{ data: readonly Tier[]; driverData: string }>({
  dataType: () => 'text',
  toDriver: (value) => JSON.stringify(value),
  fromDriver: (value) => tiersSchema.parse(JSON.parse(value)),
});

/**
 * What gives or takes qualifying credits: an earn, a refund of one, a gap gift, or a merge (the
 * absorbed membership's credits leave it and reach the surviving one, month by month).
 */
export const QUALIFYING_SOURCES = ['earn', 'refund', 'gap_gift', 'merge'] as const;

/**
 * The ledger of status: every qualifying credit a member gained or lost, append-only (triggers
 * refuse UPDATE and DELETE). Apart from points: never spent, pooled or transferred. A refund's
 * entry is dated (`qualifying_at`) like the earn it takes back from, so it counts in that earn's
 * window and month, and no month can go below zero.
 */
export const qualifyingCredits = sqliteTable(
  'qualifying_credits',
  {
    id: text('id').primaryKey(),
    memberId: text('member_id').notNull(),
    /** What gave or took the credits. */
    source: text('source', { enum: QUALIFYING_SOURCES }).notNull(),
    /** The earn, the refund or the gift (a `gft_` id when the gift gave no points). */
    sourceId: text('source_id').notNull(),
    /** The partner the member earned at; null for a gift. */
    partnerId: text('partner_id'),
    /** Positive when gained, negative when a refund takes them back. */
    credits: integer('credits').notNull(),
    /** The moment that decides the window the credits count in. */
    qualifyingAt: integer('qualifying_at').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [
    check('qualifying_credits_not_zero', sql`${table.credits} <> 0`),
    check('qualifying_credits_source', sql`${table.source} IN ('earn', 'refund', 'gap_gift', 'merge')`),
    index('qualifying_credits_member').on(table.memberId, table.qualifyingAt),
    index('qualifying_credits_source_id').on(table.sourceId),
  ],
);

/**
 * A member's qualifying credits per calendar month (`YYYY-MM`, UTC), kept by a trigger in the same
 * statement as each entry. Windows are whole months, so a window's credits are twelve rows,
 * whatever the window setting; the CHECK keeps every month at zero or more.
 */
export const qualifyingMonths = sqliteTable(
  'qualifying_months',
  {
    memberId: text('member_id').notNull(),
    month: text('month').notNull(),
    credits: integer('credits').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.memberId, table.month] }),
    check('qualifying_months_never_negative', sql`${table.credits} >= 0`),
  ],
);

/**
 * Each member's status as last reviewed: what the member was last told, and when it must be looked
 * at again. It always equals the status recomputed from the credits at `reviewed_at`; `version`
 * guards every write that changes the member's credits or status, so two writes for one member
 * never both plan on the same status.
 */
export const memberStatus = sqliteTable(
  'member_status',
  {
    memberId: text('member_id')
      .primaryKey()
      .references(() => members.id),
    /** The tier code; null without a tier. */
    tier: text('tier'),
    basis: text('basis').notNull().default('none'),
    /** Exclusive end of the status; null for life, or without a tier. */
    validUntil: integer('valid_until'),
    /** Since when the member holds this tier. */
    since: integer('since'),
    explanation: text('explanation').notNull().default(''),
    reviewedAt: integer('reviewed_at').notNull(),
    /** When the status changes by itself next (a window ends, a grace or trial ends, a notice is due). */
    nextReviewAt: integer('next_review_at'),
    /** The downgrade a `tier.expiring` notice was sent for. */
    noticeSentFor: integer('notice_sent_for'),
    version: integer('version').notNull().default(0),
  },
  (table) => [
    index('member_status_due').on(table.nextReviewAt).where(sql`${table.nextReviewAt} IS NOT NULL`),
    index('member_status_tier').on(table.tier),
  ],
);

/** Every change of a member's status, with its reason: the member's history. Append-only. */
export const statusChanges = sqliteTable(
  'status_changes',
  {
    id: text('id').primaryKey(),
    memberId: text('member_id').notNull(),
    occurredAt: integer('occurred_at').notNull(),
    fromTier: text('from_tier'),
    toTier: text('to_tier'),
    validUntil: integer('valid_until'),
    basis: text('basis').notNull(),
    /** What made it change: an earn, a refund, a gift, a match, the passing of time (a review). */
    cause: text('cause').notNull(),
    explanation: text('explanation').notNull(),
  },
  (table) => [index('status_changes_member').on(table.memberId, table.occurredAt)],
);

/** The operator's tier definitions, one row per version, in force from `effective_from`. */
export const tierLadders = sqliteTable(
  'tier_ladders',
  {
    id: text('id').primaryKey(),
    effectiveFrom: integer('effective_from').notNull(),
    tiers: tiersColumn('tiers').notNull(),
    /** The operator who published it (the operator token's subject). */
    publishedBy: text('published_by').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [index('tier_ladders_effective').on(table.effectiveFrom, table.id)],
);

/** An operator's status match (target 0) or challenge: a tier on trial, kept if the target is met. */
export const statusChallenges = sqliteTable(
  'status_challenges',
  {
    id: text('id').primaryKey(),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    tier: text('tier').notNull(),
    startsAt: integer('starts_at').notNull(),
    endsAt: integer('ends_at').notNull(),
    targetCredits: integer('target_credits').notNull(),
    reason: text('reason').notNull(),
    grantedBy: text('granted_by').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [
    check('status_challenges_sane', sql`${table.endsAt} > ${table.startsAt} AND ${table.targetCredits} >= 0`),
    index('status_challenges_member').on(table.memberId),
  ],
);

/**
 * The gap gifts the network gave: never twice to one member for one tier in one window (the unique
 * index refuses the second inside its batch, however the two raced).
 */
export const gapGifts = sqliteTable(
  'gap_gifts',
  {
    id: text('id').primaryKey(),
    memberId: text('member_id').notNull(),
    tier: text('tier').notNull(),
    windowStart: integer('window_start').notNull(),
    credits: integer('credits').notNull(),
    points: integer('points').notNull(),
    /** The `gap_gift` transaction of the points; null when the gift gave credits only. */
    transactionId: text('transaction_id'),
    message: text('message').notNull(),
    givenAt: integer('given_at').notNull(),
  },
  (table) => [
    uniqueIndex('gap_gifts_once').on(table.memberId, table.tier, table.windowStart),
    index('gap_gifts_given').on(table.givenAt),
    check('gap_gifts_positive', sql`${table.credits} > 0 AND ${table.points} >= 0`),
  ],
);

/**
 * What gap gifts may still give in a calendar year: the network's budget (`holder` = `network`)
 * and each member's cap (`holder` = the member id). The CHECK refuses a gift that would pass
 * either, inside the gift's batch, however many gifts race for the last credits.
 */
export const gratitudeAllowances = sqliteTable(
  'gratitude_allowances',
  {
    holder: text('holder').notNull(),
    year: integer('year').notNull(),
    capCredits: integer('cap_credits').notNull(),
    usedCredits: integer('used_credits').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.holder, table.year] }),
    check(
      'gratitude_allowances_within_cap',
      sql`${table.usedCredits} >= 0 AND ${table.usedCredits} <= ${table.capCredits}`,
    ),
  ],
);

/**
 * A member's goal: the catalogue item they save for (one at a time; saving another replaces it).
 * The network gives the last points to its price when the member comes within `GOAL_GIFT_MAX_POINTS`.
 */
export const memberGoals = sqliteTable('member_goals', {
  memberId: text('member_id').primaryKey(),
  itemId: text('item_id').notNull(),
  savedAt: integer('saved_at').notNull(),
});

/**
 * Goal gifts: the points that closed the gap to a saved catalogue item's price, from the network's
 * promotions budget (a `gap_gift` transaction). Unique per member and item: never given twice for
 * one goal, whatever races, and not again when the member saves the same item anew.
 */
export const goalGifts = sqliteTable(
  'goal_gifts',
  {
    id: text('id').primaryKey(),
    memberId: text('member_id').notNull(),
    itemId: text('item_id').notNull(),
    points: integer('points').notNull(),
    transactionId: text('transaction_id').notNull(),
    message: text('message').notNull(),
    givenAt: integer('given_at').notNull(),
  },
  (table) => [
    uniqueIndex('goal_gifts_once').on(table.memberId, table.itemId),
    index('goal_gifts_given').on(table.givenAt),
    check('goal_gifts_positive', sql`${table.points} > 0`),
  ],
);

/**
 * What goal gifts may still give in a calendar year, in points: the network's budget (`holder` =
 * `network`) and each member's cap (`holder` = the member id). As for gap gifts, the CHECK refuses
 * a gift that would pass either, inside the gift's batch.
 */
export const goalGiftAllowances = sqliteTable(
  'goal_gift_allowances',
  {
    holder: text('holder').notNull(),
    year: integer('year').notNull(),
    capPoints: integer('cap_points').notNull(),
    usedPoints: integer('used_points').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.holder, table.year] }),
    check(
      'goal_gift_allowances_within_cap',
      sql`${table.usedPoints} >= 0 AND ${table.usedPoints} <= ${table.capPoints}`,
    ),
  ],
);

import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { members } from './members.js';

/** A household or a group of friends: linked wallets, never a shared balance. */
export const pools = sqliteTable(
  'pools',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ['household', 'friends'] }).notNull(),
    name: text('name').notNull(),
    ownerMemberId: text('owner_member_id').notNull(),
    drawPolicy: text('draw_policy', { enum: ['soonest_expiring', 'proportional'] }).notNull(),
    createdAt: integer('created_at').notNull(),
    dissolvedAt: integer('dissolved_at'),
  },
  (table) => [
    check('pools_kind', sql`${table.kind} IN ('household', 'friends')`),
    check('pools_draw_policy', sql`${table.drawPolicy} IN ('soonest_expiring', 'proportional')`),
  ],
);

/**
 * A member's place in a pool. `pledgeCapPoints` null means `all`; `pledgeUsedPoints` counts what
 * the pool has drawn from this wallet against the cap, and a CHECK keeps it within the cap.
 */
export const poolMembers = sqliteTable(
  'pool_members',
  {
    id: text('id').primaryKey(),
    poolId: text('pool_id').notNull(),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    role: text('role', { enum: ['owner', 'member'] }).notNull(),
    pledgeCapPoints: integer('pledge_cap_points'),
    pledgeUsedPoints: integer('pledge_used_points').notNull().default(0),
    mayRedeem: integer('may_redeem', { mode: 'boolean' }).notNull(),
    monthlyLimitPoints: integer('monthly_limit_points'),
    joinedAt: integer('joined_at').notNull(),
    leftAt: integer('left_at'),
  },
  (table) => [
    check(
      'pool_members_pledge_within_cap',
      sql`${table.pledgeCapPoints} IS NULL OR (${table.pledgeCapPoints} >= 0 AND ${table.pledgeUsedPoints} <= ${table.pledgeCapPoints})`,
    ),
    check(
      'pool_members_monthly_limit',
      sql`${table.monthlyLimitPoints} IS NULL OR ${table.monthlyLimitPoints} >= 0`,
    ),
    uniqueIndex('pool_members_active').on(table.poolId, table.memberId).where(sql`${table.leftAt} IS NULL`),
    index('pool_members_member').on(table.memberId),
  ],
);

/** Single-use invitation codes, stored as a SHA-256 hash of the code. */
export const poolInvites = sqliteTable('pool_invites', {
  codeHash: text('code_hash').primaryKey(),
  poolId: text('pool_id').notNull(),
  createdByMemberId: text('created_by_member_id').notNull(),
  expiresAt: integer('expires_at').notNull(),
  usedByMemberId: text('used_by_member_id'),
  usedAt: integer('used_at'),
  createdAt: integer('created_at').notNull(),
});

/** Points each member redeemed from a pool per calendar month (UTC), for monthly limits. */
export const poolMonthlyUsage = sqliteTable(
  'pool_monthly_usage',
  {
    poolId: text('pool_id').notNull(),
    memberId: text('member_id').notNull(),
    month: text('month').notNull(),
    points: integer('points').notNull(),
  },
  (table) => [primaryKey({ columns: [table.poolId, table.memberId, table.month] })],
);

/** Each redemption that drew from a pool: the pool's activity, visible to every pool member. */
export const poolRedemptions = sqliteTable(
  'pool_redemptions',
  {
    poolId: text('pool_id').notNull(),
    transactionId: text('transaction_id').notNull(),
    redeemerMemberId: text('redeemer_member_id').notNull(),
    partnerId: text('partner_id').notNull(),
    points: integer('points').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.poolId, table.transactionId] }),
    index('pool_redemptions_recent').on(table.poolId, table.createdAt),
  ],
);

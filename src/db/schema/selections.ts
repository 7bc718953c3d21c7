import { sql } from 'drizzle-orm';
import { check, customType, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { type Cohort, cohortSchema } from '../../domain/catalogue/selection.js';

const cohortColumn = customType<{ data: Cohort; driverData: string }>({
  dataType: () => 'text',
  toDriver: (value) => JSON.stringify(value),
  fromDriver: (value) => cohortSchema.parse(JSON.parse(value)),
});

/**
 * A yearly choice: a window in which a cohort of members is invited to choose an experience. When it
 * closes, every member who chose nothing receives a gift card worth `giftCardShare` of their points.
 * The close is a sequence of batches (`closing`), resumable, guarded per member; the FX snapshot it
 * converts at is fixed when it starts, so a resumed close converts exactly as the first attempt did.
 */
export const selections = sqliteTable(
  'selections',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    cohort: cohortColumn('cohort').notNull(),
    /** The share of a member's points their gift card is worth: a decimal in (0, 1]. */
    giftCardShare: text('gift_card_share').notNull(),
    opensAt: integer('opens_at').notNull(),
    closesAt: integer('closes_at').notNull(),
    status: text('status', { enum: ['open', 'closing', 'closed'] }).notNull(),
    fxSnapshotId: text('fx_snapshot_id'),
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at').notNull(),
    closedAt: integer('closed_at'),
  },
  (table) => [
    check('selections_status', sql`${table.status} IN ('open', 'closing', 'closed')`),
    check('selections_window', sql`${table.opensAt} < ${table.closesAt}`),
  ],
);

/**
 * The cohort of a yearly choice, one row per member, and each member's one outcome: set once, by a
 * statement guarded on `outcome IS NULL`, so a close run twice or resumed after a crash gives no
 * member a second one.
 */
export const selectionMembers = sqliteTable(
  'selection_members',
  {
    selectionId: text('selection_id').notNull(),
    memberId: text('member_id').notNull(),
    invitedAt: integer('invited_at').notNull(),
    outcome: text('outcome', { enum: ['chose', 'gift_card', 'nothing'] }),
    giftCardId: text('gift_card_id'),
    pointsConverted: integer('points_converted'),
    decidedAt: integer('decided_at'),
  },
  (table) => [
    primaryKey({ columns: [table.selectionId, table.memberId] }),
    check(
      'selection_members_outcome',
      sql`${table.outcome} IS NULL OR ${table.outcome} IN ('chose', 'gift_card', 'nothing')`,
    ),
    index('selection_members_member').on(table.memberId),
    index('selection_members_undecided')
      .on(table.selectionId, table.memberId)
      .where(sql`${table.outcome} IS NULL`),
  ],
);

import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** A partner's business event: an earn (posted or held), a redemption or a reversal. */
export const transactions = sqliteTable(
  'transactions',
  {
    id: text('id').primaryKey(),
    partnerId: text('partner_id').notNull(),
    memberId: text('member_id').notNull(),
    kind: text('kind', { enum: ['earn', 'redeem', 'reversal'] }).notNull(),
    status: text('status', { enum: ['posted', 'pending', 'captured', 'voided', 'expired'] }).notNull(),
    amountMinor: integer('amount_minor'),
    currency: text('currency'),
    fxSnapshotId: text('fx_snapshot_id'),
    fxRate: text('fx_rate'),
    earnRate: text('earn_rate'),
    /** JSON array of line items `{ amount, category }` as sent. */
    lines: text('lines'),
    points: integer('points').notNull(),
    pointsReversed: integer('points_reversed').notNull().default(0),
    amountReversedMinor: integer('amount_reversed_minor').notNull().default(0),
    /** For a capture: the captured amount and points. */
    amountCapturedMinor: integer('amount_captured_minor'),
    pointsCaptured: integer('points_captured'),
    holdExpiresAt: integer('hold_expires_at'),
    /** JSON: how a redemption chose its source, and the payout it is worth to the partner. */
    details: text('details'),
    externalReference: text('external_reference'),
    originalTransactionId: text('original_transaction_id'),
    idempotencyKey: text('idempotency_key'),
    createdAt: integer('created_at').notNull(),
    resolvedAt: integer('resolved_at'),
  },
  (table) => [
    check('transactions_points_non_negative', sql`${table.points} >= 0`),
    check(
      'transactions_reversal_bounded',
      sql`${table.pointsReversed} >= 0 AND ${table.pointsReversed} <= ${table.points}`,
    ),
    check(
      'transactions_refund_bounded',
      sql`${table.amountReversedMinor} >= 0 AND (${table.amountMinor} IS NULL OR ${table.amountReversedMinor} <= ${table.amountMinor})`,
    ),
    index('transactions_member_created').on(table.memberId, table.createdAt),
    index('transactions_partner_created').on(table.partnerId, table.createdAt),
  ],
);

/** The first response to each (partner, Idempotency-Key), replayed for every retry. */
export const idempotencyRecords = sqliteTable(
  'idempotency_records',
  {
    partnerId: text('partner_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    responseBody: text('response_body').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.partnerId, table.key] })],
);

import { sql } from 'drizzle-orm';
import { check, customType, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { PrincipalKind } from '../../auth/principal.js';
import type { TransactionKind } from '../../domain/ledger/kinds.js';
import {
  type TransactionDetails,
  transactionDetailsSchema,
} from '../../domain/ledger/transaction-details.js';

/** `transactions.details`: JSON in the database, parsed (and checked) once when a row is read. */
const transactionDetails = customType<{ data: TransactionDetails; driverData: string }>({
  dataType: () => 'text',
  toDriver: (value) => JSON.stringify(value),
  fromDriver: (value) => transactionDetailsSchema.parse(JSON.parse(value)),
});

/**
 * A business event of the ledger: an earn (posted or held), a redemption, a reversal, or a credit
 * the network funds. `partnerId` is the partner that originated it, null when none did.
 */
export const transactions = sqliteTable(
  'transactions',
  {
    id: text('id').primaryKey(),
    partnerId: text('partner_id'),
    memberId: text('member_id').notNull(),
    kind: text('kind').$type<TransactionKind>().notNull(),
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
    /** What the kind keeps beyond the columns (src/domain/ledger/transaction-details.ts). */
    details: transactionDetails('details').notNull(),
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
    // A partner's lookups (GET /v1/transactions, GET /v1/members?externalReference=): newest
    // first by id, by member (which also tells whether the partner served a member), by reference.
    index('transactions_partner_id').on(table.partnerId, table.id),
    index('transactions_partner_member').on(table.partnerId, table.memberId, table.id),
    index('transactions_partner_reference').on(table.partnerId, table.externalReference),
  ],
);

/**
 * The first response to each Idempotency-Key of each principal (a partner, a member, an operator),
 * replayed for every retry. Scoped by principal, so two callers can never collide on a key.
 */
export const idempotencyRecords = sqliteTable(
  'idempotency_records',
  {
    principalKind: text('principal_kind').$type<PrincipalKind>().notNull(),
    principalId: text('principal_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    responseBody: text('response_body').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.principalKind, table.principalId, table.key] })],
);

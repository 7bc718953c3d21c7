import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Running totals of every transfer since the ledger began, per settled partner (`network` for
 * transfers without one), kind and unit price. Maintained by a trigger in the same statement as
 * each transfer, so a close reads these rows instead of the period's transfers.
 */
export const settlementTotals = sqliteTable(
  'settlement_totals',
  {
    partnerId: text('partner_id').notNull(),
    kind: text('kind').notNull(),
    /** The issue price or redeem rate the transfers were priced at; '' for kinds without a price. */
    unitPrice: text('unit_price').notNull(),
    points: integer('points').notNull(),
    transfers: integer('transfers').notNull(),
    /** The signed effect of these transfers on member wallets: the outstanding liability. */
    walletPoints: integer('wallet_points').notNull(),
  },
  (table) => [primaryKey({ columns: [table.partnerId, table.kind, table.unitPrice] })],
);

/**
 * Running totals of lot provenance: points issued by `issuerPartnerId` that a transfer of `kind`
 * settled with `counterpartyId` drew from (or, for a returned redemption, put back into) a lot.
 */
export const settlementFlows = sqliteTable(
  'settlement_flows',
  {
    issuerPartnerId: text('issuer_partner_id').notNull(),
    counterpartyId: text('counterparty_id').notNull(),
    kind: text('kind').notNull(),
    points: integer('points').notNull(),
    draws: integer('draws').notNull(),
  },
  (table) => [primaryKey({ columns: [table.issuerPartnerId, table.counterpartyId, table.kind] })],
);

/**
 * A closed period: every transfer with `fromSequence < sequence <= toSequence`. `number` is unique
 * and a trigger (drizzle/0004) makes each settlement start where number - 1 ended, so two
 * concurrent closes cannot both settle a range and the ranges tile the ledger without a gap.
 */
export const settlements = sqliteTable(
  'settlements',
  {
    id: text('id').primaryKey(),
    number: integer('number').notNull().unique(),
    previousSettlementId: text('previous_settlement_id'),
    fromSequence: integer('from_sequence').notNull(),
    toSequence: integer('to_sequence').notNull(),
    fxSnapshotId: text('fx_snapshot_id').notNull(),
    closedAt: integer('closed_at').notNull(),
    /** JSON: the running totals at `toSequence`; the next close subtracts them from its own. */
    cumulative: text('cumulative').notNull(),
    /** The canonical JSON bytes of the signed settlement document, and its compact JWS. */
    document: text('document').notNull(),
    signature: text('signature').notNull(),
  },
  (table) => [
    check(
      'settlements_range',
      sql`${table.toSequence} >= ${table.fromSequence} AND ${table.fromSequence} >= 0`,
    ),
  ],
);

/** One partner's signed statement of a settlement; the document never changes once written. */
export const settlementStatements = sqliteTable(
  'settlement_statements',
  {
    settlementId: text('settlement_id').notNull(),
    partnerId: text('partner_id').notNull(),
    currency: text('currency').notNull(),
    /** The net in minor units of `currency`; positive: the partner pays. */
    netMinor: integer('net_minor').notNull(),
    document: text('document').notNull(),
    signature: text('signature').notNull(),
    acknowledgedAt: integer('acknowledged_at'),
  },
  (table) => [
    primaryKey({ columns: [table.settlementId, table.partnerId] }),
    index('settlement_statements_partner').on(table.partnerId),
  ],
);

/** A partner's dispute of lines of its statement, resolved once by the operator. */
export const settlementDisputes = sqliteTable(
  'settlement_disputes',
  {
    id: text('id').primaryKey(),
    settlementId: text('settlement_id').notNull(),
    partnerId: text('partner_id').notNull(),
    /** JSON array of the disputed transfer ids. */
    transferIds: text('transfer_ids').notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['open', 'accepted', 'rejected'] }).notNull(),
    resolutionNote: text('resolution_note'),
    createdAt: integer('created_at').notNull(),
    resolvedAt: integer('resolved_at'),
  },
  (table) => [
    check('settlement_disputes_status', sql`${table.status} IN ('open', 'accepted', 'rejected')`),
    index('settlement_disputes_statement').on(table.settlementId, table.partnerId),
  ],
);

/**
 * An amount in reference currency an accepted dispute adds to a partner's next statement.
 * `appliedSettlementId` stays null until a close takes it into its period.
 */
export const settlementAdjustments = sqliteTable(
  'settlement_adjustments',
  {
    id: text('id').primaryKey(),
    partnerId: text('partner_id').notNull(),
    disputeId: text('dispute_id').notNull().unique(),
    /** `credit`: in the partner's favour (it pays less); `debit`: the partner pays more. */
    direction: text('direction', { enum: ['credit', 'debit'] }).notNull(),
    /** Exact positive decimal in reference currency. */
    amountReference: text('amount_reference').notNull(),
    points: integer('points'),
    note: text('note').notNull(),
    createdAt: integer('created_at').notNull(),
    appliedSettlementId: text('applied_settlement_id'),
  },
  (table) => [
    check('settlement_adjustments_direction', sql`${table.direction} IN ('credit', 'debit')`),
    index('settlement_adjustments_pending').on(table.appliedSettlementId),
  ],
);

/** A payment the operator recorded against a statement, once per bank reference. */
export const settlementPayments = sqliteTable(
  'settlement_payments',
  {
    settlementId: text('settlement_id').notNull(),
    partnerId: text('partner_id').notNull(),
    reference: text('reference').notNull(),
    amountMinor: integer('amount_minor').notNull(),
    currency: text('currency').notNull(),
    paidAt: integer('paid_at').notNull(),
    recordedAt: integer('recorded_at').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.settlementId, table.partnerId, table.reference] }),
    check('settlement_payments_positive', sql`${table.amountMinor} > 0`),
  ],
);

/**
 * Running totals of money the network pays partners that is not points: what gift cards bought at
 * each partner, and what partners refunded onto cards, per (partner, kind, card currency). Kept by a
 * trigger on `gift_card_movements`, in the same statement as each movement, so a close reads these
 * rows as it reads `settlement_totals`.
 */
export const settlementMoneyTotals = sqliteTable(
  'settlement_money_totals',
  {
    partnerId: text('partner_id').notNull(),
    kind: text('kind').notNull(),
    currency: text('currency').notNull(),
    amountMinor: integer('amount_minor').notNull(),
    movements: integer('movements').notNull(),
  },
  (table) => [primaryKey({ columns: [table.partnerId, table.kind, table.currency] })],
);

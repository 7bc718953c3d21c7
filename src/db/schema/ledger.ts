import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { type AccountKind, accountKinds, type TransferKind } from '../../domain/ledger/kinds.js';

/** The account kinds of the registry as the SQL list the accounts CHECK holds. */
const accountKindList = sql.raw(accountKinds.map((kind) => `'${kind}'`).join(', '));

/**
 * Every account of the ledger. Ids are derived from the owner (`wallet:mem_…`, `issuance:ptn_…`,
 * `redemption:ptn_…`, `network:breakage`) so a batch can name them without a lookup.
 * Balances are maintained by a trigger on `transfers`, never written by the application.
 */
export const accounts = sqliteTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    kind: text('kind').$type<AccountKind>().notNull(),
    ownerId: text('owner_id'),
    balance: integer('balance').notNull().default(0),
  },
  (table) => [
    check('accounts_kind', sql`${table.kind} IN (${accountKindList})`),
    check('wallet_never_negative', sql`${table.kind} <> 'wallet' OR ${table.balance} >= 0`),
  ],
);

/** Immutable double-entry movements; the sequence is the settlement cursor. */
export const transfers = sqliteTable(
  'transfers',
  {
    sequence: integer('sequence').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    transactionId: text('transaction_id').notNull(),
    kind: text('kind').$type<TransferKind>().notNull(),
    debitAccountId: text('debit_account_id')
      .notNull()
      .references(() => accounts.id),
    creditAccountId: text('credit_account_id')
      .notNull()
      .references(() => accounts.id),
    points: integer('points').notNull(),
    /** The partner the movement is settled with (issuer for earns, redeeming partner for redemptions). */
    partnerId: text('partner_id'),
    reversesTransferId: text('reverses_transfer_id'),
    /**
     * What settlement multiplies the points by, in reference currency per point, decided inside the
     * batch when the transfer is posted (see `transferStatement`); null for kinds without a price.
     */
    unitPrice: text('unit_price'),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [
    check('transfers_points_positive', sql`${table.points} > 0`),
    check('transfers_distinct_accounts', sql`${table.debitAccountId} <> ${table.creditAccountId}`),
    index('transfers_transaction').on(table.transactionId),
  ],
);

/**
 * The registry of kinds (src/domain/ledger/kinds.ts) as the database sees it, written by generated
 * migrations (`npm run db:kinds`): triggers refuse a transaction or transfer of a kind that is not
 * here, a transfer between accounts its kind does not allow, and a priced transfer without a price.
 */
export const ledgerKinds = sqliteTable(
  'ledger_kinds',
  {
    scope: text('scope', { enum: ['account', 'transaction', 'transfer'] }).notNull(),
    kind: text('kind').notNull(),
    /** For transfers: the kind of account debited and credited. */
    debitAccountKind: text('debit_account_kind'),
    creditAccountKind: text('credit_account_kind'),
    /** For transfers: whether a unit price is required. */
    priced: integer('priced', { mode: 'boolean' }).notNull().default(false),
  },
  (table) => [primaryKey({ columns: [table.scope, table.kind] })],
);

/**
 * A credit to a wallet, consumed first-expiring-first; keeps who issued the points: a partner id,
 * or `network` for points the network funded.
 */
export const lots = sqliteTable(
  'lots',
  {
    id: text('id').primaryKey(),
    memberId: text('member_id').notNull(),
    issuerPartnerId: text('issuer_partner_id').notNull(),
    transactionId: text('transaction_id').notNull(),
    pointsOriginal: integer('points_original').notNull(),
    pointsRemaining: integer('points_remaining').notNull(),
    expiresAt: integer('expires_at').notNull(),
    createdAt: integer('created_at').notNull(),
    /** When the member was told its points will expire (`points.expiring`), once per lot. */
    expiryNoticeAt: integer('expiry_notice_at'),
  },
  (table) => [
    check(
      'lots_remaining_in_range',
      sql`${table.pointsRemaining} >= 0 AND ${table.pointsRemaining} <= ${table.pointsOriginal}`,
    ),
    index('lots_member_expiry').on(table.memberId, table.expiresAt),
    // The expiry sweep and the expiry notices look for lots still holding points, by expiry.
    index('lots_live_by_expiry').on(table.expiresAt).where(sql`${table.pointsRemaining} > 0`),
  ],
);

/** Which lots a debit drew from: provenance for partner-to-partner settlement. */
export const lotDraws = sqliteTable(
  'lot_draws',
  {
    transferId: text('transfer_id').notNull(),
    lotId: text('lot_id').notNull(),
    issuerPartnerId: text('issuer_partner_id').notNull(),
    points: integer('points').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.transferId, table.lotId] }),
    check('lot_draws_points_positive', sql`${table.points} > 0`),
  ],
);

/** Points a member owes after a reversal found them already spent; repaid by later earnings first. */
export const pointsOwed = sqliteTable(
  'points_owed',
  {
    id: text('id').primaryKey(),
    memberId: text('member_id').notNull(),
    creditorPartnerId: text('creditor_partner_id').notNull(),
    transactionId: text('transaction_id').notNull(),
    pointsOriginal: integer('points_original').notNull(),
    pointsRemaining: integer('points_remaining').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [
    check(
      'points_owed_in_range',
      sql`${table.pointsRemaining} >= 0 AND ${table.pointsRemaining} <= ${table.pointsOriginal}`,
    ),
    index('points_owed_member').on(table.memberId),
  ],
);

/**
 * A conditional statement in a batch inserts here when what the application planned no longer
 * holds; a trigger aborts the batch, which is then planned again from fresh reads.
 */
export const writeConflicts = sqliteTable('write_conflicts', {
  reason: text('reason').notNull(),
});

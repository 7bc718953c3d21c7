import { sql } from 'drizzle-orm';
import { check, customType, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { type Eligibility, eligibilitySchema } from '../../domain/catalogue/eligibility.js';

/** `catalogue_items.eligibility`: JSON in the database, parsed (and checked) once when a row is read. */
const eligibilityColumn = customType<{ data: Eligibility; driverData: string }>({
  dataType: () => 'text',
  toDriver: (value) => JSON.stringify(value),
  fromDriver: (value) => eligibilitySchema.parse(JSON.parse(value)),
});

export const ITEM_KINDS = ['experience', 'voucher', 'product'] as const;
export const ITEM_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;

/**
 * Something members can reserve with points: an experience (a date, a place, seats), a voucher or a
 * product (stock), offered by a partner that fulfils it, or by the network (`fulfillerPartnerId`
 * null). Members see it only once the operator approved it. `reserved` counts the seats or units
 * held or fulfilled; the CHECK keeps it within `stock`, so no burst of reservations oversells.
 */
export const catalogueItems = sqliteTable(
  'catalogue_items',
  {
    id: text('id').primaryKey(),
    fulfillerPartnerId: text('fulfiller_partner_id'),
    kind: text('kind', { enum: ITEM_KINDS }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    /** Where an experience takes place. */
    place: text('place'),
    /** When an experience takes place. */
    startsAt: integer('starts_at'),
    stock: integer('stock').notNull(),
    reserved: integer('reserved').notNull().default(0),
    pointsPrice: integer('points_price').notNull(),
    /** What the network pays the fulfiller per unit, an exact decimal in reference currency. */
    settlementPrice: text('settlement_price').notNull(),
    availableFrom: integer('available_from').notNull(),
    availableUntil: integer('available_until').notNull(),
    eligibility: eligibilityColumn('eligibility').notNull(),
    status: text('status', { enum: ITEM_STATUSES }).notNull(),
    reviewNote: text('review_note'),
    reviewedAt: integer('reviewed_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (table) => [
    check('catalogue_items_kind', sql`${table.kind} IN ('experience', 'voucher', 'product')`),
    check('catalogue_items_status', sql`${table.status} IN ('pending', 'approved', 'rejected', 'withdrawn')`),
    check('catalogue_items_stock', sql`${table.reserved} >= 0 AND ${table.reserved} <= ${table.stock}`),
    check('catalogue_items_price', sql`${table.pointsPrice} > 0`),
    check('catalogue_items_window', sql`${table.availableFrom} < ${table.availableUntil}`),
    index('catalogue_items_fulfiller').on(table.fulfillerPartnerId, table.createdAt),
    index('catalogue_items_status').on(table.status, table.availableUntil),
  ],
);

export const RESERVATION_STATUSES = ['reserved', 'fulfilled', 'cancelled', 'lapsed'] as const;

/**
 * A member's reservation of an item: its points held (the `catalogue_hold` transfers of its
 * transaction) and one unit of stock, until the fulfiller confirms (`fulfilled`), someone cancels
 * (`cancelled`) or it lapses unconfirmed (`lapsed`). It leaves `reserved` once, guarded in the batch.
 * The price per point is fixed when it is made, so a later change to the item changes nothing here.
 */
export const reservations = sqliteTable(
  'reservations',
  {
    id: text('id').primaryKey(),
    itemId: text('item_id')
      .notNull()
      .references(() => catalogueItems.id),
    memberId: text('member_id').notNull(),
    transactionId: text('transaction_id').notNull().unique(),
    fulfillerPartnerId: text('fulfiller_partner_id'),
    points: integer('points').notNull(),
    /** The item's settlement price when reserved, and the price per point a capture records. */
    settlementPrice: text('settlement_price').notNull(),
    unitPrice: text('unit_price').notNull(),
    selectionId: text('selection_id'),
    status: text('status', { enum: RESERVATION_STATUSES }).notNull(),
    lapsesAt: integer('lapses_at').notNull(),
    createdAt: integer('created_at').notNull(),
    resolvedAt: integer('resolved_at'),
    /** Who resolved it: `partner`, `member`, `operator` or `sweep`. */
    resolvedBy: text('resolved_by'),
  },
  (table) => [
    check('reservations_status', sql`${table.status} IN ('reserved', 'fulfilled', 'cancelled', 'lapsed')`),
    check('reservations_points', sql`${table.points} > 0`),
    index('reservations_member').on(table.memberId, table.createdAt),
    index('reservations_fulfiller').on(table.fulfillerPartnerId, table.status),
    index('reservations_lapsing').on(table.lapsesAt).where(sql`${table.status} = 'reserved'`),
    index('reservations_selection').on(table.selectionId, table.memberId),
  ],
);

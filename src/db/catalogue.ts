import { and, asc, desc, eq, gt, inArray, isNull, lt, lte, or, type SQL } from 'drizzle-orm';
import { walletOwner } from '../domain/ledger/accounts.js';
import type { LotDraw } from '../domain/ledger/lots.js';
import type { Database } from './database.js';
import {
  catalogueItems,
  lotDraws,
  lots,
  members,
  partners,
  reservations,
  transfers,
} from './schema/index.js';

export type CatalogueItemRow = typeof catalogueItems.$inferSelect;
export type ReservationRow = typeof reservations.$inferSelect;

export async function findItem(db: Database, itemId: string): Promise<CatalogueItemRow | undefined> {
  const [row] = await db.select().from(catalogueItems).where(eq(catalogueItems.id, itemId)).limit(1);
  return row;
}

export interface ItemFilter {
  /** A partner's own items; `null` the network's; undefined every fulfiller's. */
  readonly fulfillerPartnerId?: string | null | undefined;
  readonly status?: CatalogueItemRow['status'] | undefined;
  /** Only items whose availability window contains this instant. */
  readonly availableAt?: number | undefined;
}

/** Items newest first, keyset-paginated by id. */
export async function listItems(
  db: Database,
  filter: ItemFilter,
  limit: number,
  beforeId?: string,
): Promise<CatalogueItemRow[]> {
  const conditions: (SQL | undefined)[] = [
    filter.fulfillerPartnerId === undefined
      ? undefined
      : filter.fulfillerPartnerId === null
        ? isNull(catalogueItems.fulfillerPartnerId)
        : eq(catalogueItems.fulfillerPartnerId, filter.fulfillerPartnerId),
    filter.status === undefined ? undefined : eq(catalogueItems.status, filter.status),
    filter.availableAt === undefined
      ? undefined
      : and(
          lte(catalogueItems.availableFrom, filter.availableAt),
          gt(catalogueItems.availableUntil, filter.availableAt),
        ),
    beforeId === undefined ? undefined : lt(catalogueItems.id, beforeId),
  ];
  return db
    .select()
    .from(catalogueItems)
    .where(and(...conditions))
    .orderBy(desc(catalogueItems.id))
    .limit(limit);
}

export async function findReservation(
  db: Database,
  reservationId: string,
): Promise<ReservationRow | undefined> {
  const [row] = await db.select().from(reservations).where(eq(reservations.id, reservationId)).limit(1);
  return row;
}

export interface ReservationFilter {
  readonly memberId?: string | undefined;
  /** A partner's reservations to fulfil; `null` the network's own items. */
  readonly fulfillerPartnerId?: string | null | undefined;
  readonly status?: ReservationRow['status'] | undefined;
}

/** Reservations newest first, keyset-paginated by id. */
export async function listReservations(
  db: Database,
  filter: ReservationFilter,
  limit: number,
  beforeId?: string,
): Promise<ReservationRow[]> {
  return db
    .select()
    .from(reservations)
    .where(
      and(
        filter.memberId === undefined ? undefined : eq(reservations.memberId, filter.memberId),
        filter.fulfillerPartnerId === undefined
          ? undefined
          : filter.fulfillerPartnerId === null
            ? isNull(reservations.fulfillerPartnerId)
            : eq(reservations.fulfillerPartnerId, filter.fulfillerPartnerId),
        filter.status === undefined ? undefined : eq(reservations.status, filter.status),
        beforeId === undefined ? undefined : lt(reservations.id, beforeId),
      ),
    )
    .orderBy(desc(reservations.id))
    .limit(limit);
}

/** Reservations still held past their lapse time, oldest first. */
export async function lapsedReservations(
  db: Database,
  nowMs: number,
  limit: number,
): Promise<ReservationRow[]> {
  return db
    .select()
    .from(reservations)
    .where(and(eq(reservations.status, 'reserved'), lte(reservations.lapsesAt, nowMs)))
    .orderBy(asc(reservations.lapsesAt), asc(reservations.id))
    .limit(limit);
}

/** The live reservations (held or fulfilled) of members in a yearly choice. */
export async function liveSelectionReservations(
  db: Database,
  selectionId: string,
  memberIds: readonly string[],
): Promise<Map<string, number>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db
    .select({ memberId: reservations.memberId })
    .from(reservations)
    .where(
      and(
        eq(reservations.selectionId, selectionId),
        inArray(reservations.memberId, [...memberIds]),
        or(eq(reservations.status, 'reserved'), eq(reservations.status, 'fulfilled')),
      ),
    );
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.memberId, (counts.get(row.memberId) ?? 0) + 1);
  return counts;
}

/** The points one hold transfer took from one wallet, lot by lot, with each lot's expiry. */
export interface HeldDraws {
  readonly transferId: string;
  readonly memberId: string;
  readonly draws: (LotDraw & { readonly expiresAt: number })[];
}

/** The lots each hold of a reservation's transaction drew from: what a capture or a release moves. */
export async function readHeldDraws(db: Database, transactionId: string): Promise<HeldDraws[]> {
  const holds = await db
    .select({ id: transfers.id, debitAccountId: transfers.debitAccountId })
    .from(transfers)
    .where(and(eq(transfers.transactionId, transactionId), eq(transfers.kind, 'catalogue_hold')))
    .orderBy(asc(transfers.sequence));
  if (holds.length === 0) return [];
  const drawn = await db
    .select({
      transferId: lotDraws.transferId,
      lotId: lotDraws.lotId,
      issuerPartnerId: lotDraws.issuerPartnerId,
      points: lotDraws.points,
      expiresAt: lots.expiresAt,
    })
    .from(lotDraws)
    .innerJoin(lots, eq(lots.id, lotDraws.lotId))
    .where(
      inArray(
        lotDraws.transferId,
        holds.map((hold) => hold.id),
      ),
    )
    .orderBy(asc(lots.expiresAt), asc(lots.id));
  return holds.map((hold) => ({
    transferId: hold.id,
    memberId: walletOwner(hold.debitAccountId),
    draws: drawn
      .filter((draw) => draw.transferId === hold.id)
      .map(({ transferId: _transferId, ...draw }) => draw),
  }));
}

/** Where a member lives, as far as Tessera knows: the country of the partner that enrolled them. */
export async function memberHome(
  db: Database,
  memberId: string,
): Promise<{ country: string; currency: string } | undefined> {
  const [row] = await db
    .select({ country: partners.country, currency: partners.settlementCurrency })
    .from(members)
    .innerJoin(partners, eq(partners.id, members.enrolledByPartnerId))
    .where(eq(members.id, memberId))
    .limit(1);
  return row;
}

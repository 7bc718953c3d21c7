import type { CatalogueItemRow, ReservationRow } from '../db/catalogue.js';
import type { Eligibility } from '../domain/catalogue/eligibility.js';
import { NETWORK_PARTY } from '../domain/ledger/kinds.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export interface ItemView {
  readonly id: string;
  /** The partner that fulfils it; `network` for the network's own items. */
  readonly fulfiller: string;
  readonly kind: CatalogueItemRow['kind'];
  readonly title: string;
  readonly description: string;
  readonly place: string | null;
  readonly startsAt: string | null;
  readonly stock: number;
  readonly reserved: number;
  readonly remaining: number;
  readonly pointsPrice: number;
  readonly settlementPrice: { readonly amount: string; readonly currency: string };
  readonly availableFrom: string;
  readonly availableUntil: string;
  readonly eligibility: Eligibility;
  readonly status: CatalogueItemRow['status'];
  readonly reviewNote: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** An item as its fulfiller and the operator see it. */
export function itemView(row: CatalogueItemRow, referenceCurrency: string): ItemView {
  return {
    id: row.id,
    fulfiller: row.fulfillerPartnerId ?? NETWORK_PARTY,
    kind: row.kind,
    title: row.title,
    description: row.description,
    place: row.place,
    startsAt: iso(row.startsAt),
    stock: row.stock,
    reserved: row.reserved,
    remaining: row.stock - row.reserved,
    pointsPrice: row.pointsPrice,
    settlementPrice: { amount: row.settlementPrice, currency: referenceCurrency },
    availableFrom: new Date(row.availableFrom).toISOString(),
    availableUntil: new Date(row.availableUntil).toISOString(),
    eligibility: row.eligibility,
    status: row.status,
    reviewNote: row.reviewNote,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

/** An item as a member browses it: what it is and what it costs in points, not its commercial terms. */
export function memberItemView(row: CatalogueItemRow, fulfillerName: string | null) {
  return {
    id: row.id,
    fulfiller: { id: row.fulfillerPartnerId ?? NETWORK_PARTY, name: fulfillerName ?? 'The coalition' },
    kind: row.kind,
    title: row.title,
    description: row.description,
    place: row.place,
    startsAt: iso(row.startsAt),
    remaining: row.stock - row.reserved,
    pointsPrice: row.pointsPrice,
    availableUntil: new Date(row.availableUntil).toISOString(),
  };
}

export type MemberItemView = ReturnType<typeof memberItemView>;

export function reservationView(row: ReservationRow, referenceCurrency: string) {
  return {
    id: row.id,
    itemId: row.itemId,
    memberId: row.memberId,
    transactionId: row.transactionId,
    fulfiller: row.fulfillerPartnerId ?? NETWORK_PARTY,
    points: row.points,
    settlementPrice: { amount: row.settlementPrice, currency: referenceCurrency },
    selectionId: row.selectionId,
    status: row.status,
    lapsesAt: new Date(row.lapsesAt).toISOString(),
    createdAt: new Date(row.createdAt).toISOString(),
    resolvedAt: iso(row.resolvedAt),
    resolvedBy: row.resolvedBy,
  };
}

export type ReservationView = ReturnType<typeof reservationView>;

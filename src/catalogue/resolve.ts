import { and, eq, sql } from 'drizzle-orm';
import {
  findReservation,
  type HeldDraws,
  lapsedReservations,
  type ReservationRow,
  readHeldDraws,
} from '../db/catalogue.js';
import type { BatchStatement } from '../db/database.js';
import { catalogueItems, reservations, transactions } from '../db/schema/index.js';
import type { LedgerContext } from '../dependencies.js';
import { type DomainError, domainError, isDomainError } from '../domain/errors.js';
import {
  PROMOTIONS_ACCOUNT_ID,
  RESERVATIONS_ACCOUNT_ID,
  redemptionAccountId,
  walletAccountId,
} from '../domain/ledger/accounts.js';
import { NETWORK_PARTY } from '../domain/ledger/kinds.js';
import { type EventDraft, eventDraft } from '../events/draft.js';
import { planLotMovement } from '../ledger/postings.js';
import { requireChangedRow } from '../writes/guards.js';
import type { WritePlan } from '../writes/plan.js';
import { runWrite } from '../writes/run.js';
import { type ReservationView, reservationView } from './views.js';

/** Who resolves a reservation: its fulfilling partner, the member who made it, the operator, the sweep. */
export type Resolver =
  | { readonly type: 'partner'; readonly partnerId: string }
  | { readonly type: 'member'; readonly memberId: string }
  | { readonly type: 'operator' };

export const RESOLVE_REFUSALS = ['reservation_not_found', 'reservation_not_reserved'] as const;
type ResolveRefusal = DomainError<(typeof RESOLVE_REFUSALS)[number]>;

/** The reservation, if this resolver may act on it: another's is not found, never forbidden. */
async function reservationFor(
  context: LedgerContext,
  reservationId: string,
  resolver: Resolver,
  action: 'fulfil' | 'cancel',
): Promise<ReservationRow | ResolveRefusal> {
  const row = await findReservation(context.db, reservationId);
  const allowed =
    row !== undefined &&
    (resolver.type === 'operator'
      ? action === 'cancel' || row.fulfillerPartnerId === null
      : resolver.type === 'partner'
        ? row.fulfillerPartnerId === resolver.partnerId
        : action === 'cancel' && row.memberId === resolver.memberId);
  if (row === undefined || !allowed)
    return domainError(
      'reservation_not_found',
      `Reservation ${reservationId} does not exist or is not yours.`,
    );
  if (row.status !== 'reserved')
    return domainError('reservation_not_reserved', `Reservation ${reservationId} is ${row.status} already.`, {
      reservationStatus: row.status,
    });
  return row;
}

/** Moves the reservation and its transaction out of their held state, once: guarded in the batch. */
function settleStatus(
  context: LedgerContext,
  row: ReservationRow,
  status: 'fulfilled' | 'cancelled' | 'lapsed',
  resolvedBy: string,
): BatchStatement[] {
  const { db } = context;
  const nowMs = context.clock();
  const transactionStatus =
    status === 'fulfilled' ? 'captured' : status === 'cancelled' ? 'voided' : 'expired';
  return [
    db
      .update(reservations)
      .set({ status, resolvedAt: nowMs, resolvedBy })
      .where(and(eq(reservations.id, row.id), eq(reservations.status, 'reserved'))),
    requireChangedRow(db, 'reservation_resolved'),
    db
      .update(transactions)
      .set({
        status: transactionStatus,
        resolvedAt: nowMs,
        ...(status === 'fulfilled' ? { pointsCaptured: row.points } : {}),
      })
      .where(and(eq(transactions.id, row.transactionId), eq(transactions.status, 'pending'))),
    requireChangedRow(db, 'reservation_resolved'),
  ];
}

function heldPoints(held: readonly HeldDraws[]): number {
  return held.reduce((total, hold) => total + hold.draws.reduce((sum, draw) => sum + draw.points, 0), 0);
}

/**
 * The fulfiller confirms: the held points move from the reservations account to the fulfiller's
 * redemption account in one transfer priced at the reservation's price per point (so the fulfiller is
 * owed the item's settlement price exactly), naming the lots they came from; the network's own items
 * go back into its promotions budget, the price a cost to the network. Exactly once: the batch
 * changes the reservation only while it is still held.
 */
export async function planFulfilment(
  context: LedgerContext,
  reservationId: string,
  resolver: Resolver,
): Promise<WritePlan<ReservationView> | ResolveRefusal> {
  const row = await reservationFor(context, reservationId, resolver, 'fulfil');
  if (isDomainError(row)) return row;
  const held = await readHeldDraws(context.db, row.transactionId);
  if (heldPoints(held) !== row.points)
    throw new Error(`reservation ${row.id} holds other points than it reserved`);
  const partnerId = row.fulfillerPartnerId;
  const capture = planLotMovement(context, {
    kind: partnerId === null ? 'catalogue_network_capture' : 'catalogue_capture',
    transactionId: row.transactionId,
    debitAccountId: RESERVATIONS_ACCOUNT_ID,
    creditAccountId: partnerId === null ? PROMOTIONS_ACCOUNT_ID : redemptionAccountId(partnerId),
    partnerId,
    lots: held.flatMap((hold) => hold.draws.map(({ expiresAt: _expiresAt, ...draw }) => draw)),
    unitPrice: row.unitPrice,
  });
  const nowMs = context.clock();
  const fulfilled: ReservationRow = {
    ...row,
    status: 'fulfilled',
    resolvedAt: nowMs,
    resolvedBy: resolver.type,
  };
  return {
    status: 200,
    body: reservationView(fulfilled, context.config.referenceCurrency),
    statements: [...settleStatus(context, row, 'fulfilled', resolver.type), ...capture],
    events: [
      eventDraft(
        context,
        'reservation.fulfilled',
        {
          reservationId: row.id,
          transactionId: row.transactionId,
          itemId: row.itemId,
          memberId: row.memberId,
          fulfiller: partnerId ?? NETWORK_PARTY,
          points: row.points,
        },
        { partnerId, memberIds: [row.memberId], ledger: true },
      ),
    ],
  };
}

/**
 * Gives a reservation's points back into the very lots they came from, with their original expiry
 * (a lot that expired meanwhile gets them back and the next sweep expires them), and frees its seat.
 */
async function releasePlan(
  context: LedgerContext,
  row: ReservationRow,
  outcome: { status: 'cancelled' | 'lapsed'; resolvedBy: 'partner' | 'member' | 'operator' | 'sweep' },
): Promise<{ statements: BatchStatement[]; event: EventDraft }> {
  const { db } = context;
  const held = await readHeldDraws(db, row.transactionId);
  if (heldPoints(held) !== row.points)
    throw new Error(`reservation ${row.id} holds other points than it reserved`);
  const statements: BatchStatement[] = [
    ...settleStatus(context, row, outcome.status, outcome.resolvedBy),
    db
      .update(catalogueItems)
      .set({ reserved: sql`${catalogueItems.reserved} - 1` })
      .where(eq(catalogueItems.id, row.itemId)),
    requireChangedRow(db, 'item_missing'),
  ];
  for (const hold of held) {
    statements.push(
      ...planLotMovement(context, {
        kind: 'catalogue_release',
        transactionId: row.transactionId,
        debitAccountId: RESERVATIONS_ACCOUNT_ID,
        creditAccountId: walletAccountId(hold.memberId),
        partnerId: null,
        reversesTransferId: hold.transferId,
        lots: hold.draws.map(({ expiresAt: _expiresAt, ...draw }) => draw),
      }),
    );
  }
  const restored = [...new Set(held.map((hold) => hold.memberId))].map((memberId) => ({
    memberId,
    points: heldPoints(held.filter((hold) => hold.memberId === memberId)),
  }));
  const common = {
    reservationId: row.id,
    transactionId: row.transactionId,
    itemId: row.itemId,
    memberId: row.memberId,
    fulfiller: row.fulfillerPartnerId ?? NETWORK_PARTY,
    points: row.points,
    restored,
  };
  const audience = {
    partnerId: row.fulfillerPartnerId,
    memberIds: [row.memberId, ...restored.map((back) => back.memberId)],
    ledger: true,
  };
  const event =
    outcome.status === 'lapsed' || outcome.resolvedBy === 'sweep'
      ? eventDraft(context, 'reservation.lapsed', common, audience)
      : eventDraft(
          context,
          'reservation.cancelled',
          { ...common, cancelledBy: outcome.resolvedBy },
          audience,
        );
  return { statements, event };
}

/** Cancelled by its fulfiller, the member or the operator: the points go back, the seat is freed, once. */
export async function planCancellation(
  context: LedgerContext,
  reservationId: string,
  resolver: Resolver,
): Promise<WritePlan<ReservationView> | ResolveRefusal> {
  const row = await reservationFor(context, reservationId, resolver, 'cancel');
  if (isDomainError(row)) return row;
  const { statements, event } = await releasePlan(context, row, {
    status: 'cancelled',
    resolvedBy: resolver.type,
  });
  const cancelled: ReservationRow = {
    ...row,
    status: 'cancelled',
    resolvedAt: context.clock(),
    resolvedBy: resolver.type,
  };
  return {
    status: 200,
    body: reservationView(cancelled, context.config.referenceCurrency),
    statements,
    events: [event],
  };
}

const RESERVATIONS_PER_BATCH = 20;

/**
 * Lapses reservations nobody confirmed in time (`RESERVATION_LAPSE_HOURS`), as a cancellation does,
 * a batch at a time. A reservation confirmed or cancelled meanwhile makes its batch fail its guard;
 * planned again, the batch leaves it out. Safe to run at any time, as often as wanted.
 */
export async function sweepLapsedReservations(
  context: LedgerContext,
  options: { readonly maxReservations?: number } = {},
): Promise<number> {
  const maxReservations = options.maxReservations ?? Number.POSITIVE_INFINITY;
  let lapsed = 0;
  while (lapsed < maxReservations) {
    const outcome = await runWrite(
      context.db,
      { retryLimit: context.config.writeRetryLimit, nowMs: context.clock() },
      async (): Promise<WritePlan<{ lapsed: number }>> => {
        const due = await lapsedReservations(
          context.db,
          context.clock(),
          Math.min(RESERVATIONS_PER_BATCH, maxReservations - lapsed),
        );
        const statements: BatchStatement[] = [];
        const events: EventDraft[] = [];
        for (const row of due) {
          const release = await releasePlan(context, row, { status: 'lapsed', resolvedBy: 'sweep' });
          statements.push(...release.statements);
          events.push(release.event);
        }
        return { status: 200, body: { lapsed: due.length }, statements, events };
      },
    );
    if (isDomainError(outcome) || outcome.body.lapsed === 0) break;
    lapsed += outcome.body.lapsed;
  }
  return lapsed;
}

import { and, eq, lt, sql } from 'drizzle-orm';
import { findItem } from '../db/catalogue.js';
import type { BatchStatement } from '../db/database.js';
import { catalogueItems, reservations } from '../db/schema/index.js';
import { findSelection, findSelectionMember } from '../db/selections.js';
import { insertTransactionStatement, type NewTransactionRow } from '../db/transactions.js';
import type { LedgerContext } from '../dependencies.js';
import { isEligible } from '../domain/catalogue/eligibility.js';
import { type DomainError, domainError, isDomainError, type RefusalOf } from '../domain/errors.js';
import { RESERVATIONS_ACCOUNT_ID, walletAccountId } from '../domain/ledger/accounts.js';
import { NETWORK_PARTY } from '../domain/ledger/kinds.js';
import type { RedemptionSource } from '../domain/ledger/transaction-details.js';
import { storedDecimal } from '../domain/settlement/amounts.js';
import { pricePerPoint } from '../domain/unit-price.js';
import { eventDraft } from '../events/draft.js';
import { planLotMovement } from '../ledger/postings.js';
import { chooseDraws, pointsOf, poolDrawStatements } from '../ledger/redeem.js';
import { POOL_DRAW_REFUSALS } from '../pools/draws.js';
import { requireChangedRow } from '../writes/guards.js';
import type { WritePlan } from '../writes/plan.js';
import { memberFacts, tierReadGuard } from './member-facts.js';
import { type ReservationView, reservationView } from './views.js';

export const RESERVE_REFUSALS = [
  'item_not_found',
  'item_unavailable',
  'sold_out',
  'not_eligible',
  'selection_not_found',
  'selection_not_open',
  'not_in_selection',
  ...POOL_DRAW_REFUSALS,
] as const;

export interface ReserveRequest {
  readonly memberId: string;
  readonly itemId: string;
  readonly source?: RedemptionSource | undefined;
  /** The yearly choice this reservation is the member's choice in. */
  readonly selectionId?: string | undefined;
}

const HOUR_MS = 3_600_000;

/**
 * Reserves an item: its price in points is held from the member's wallet or a pool, lots drawn
 * first-expiring-first into the network's reservations account, and one seat or unit is taken. The
 * batch takes the seat only while one is left (`reserved < stock`, and a CHECK besides), so however
 * many members reserve at once, the item is never oversold; a batch that lost the last seat is planned
 * again and refused `sold_out`. The price per point the capture will record is fixed now.
 */
export async function planReservation(
  context: LedgerContext,
  request: ReserveRequest,
): Promise<WritePlan<ReservationView> | DomainError<RefusalOf<typeof RESERVE_REFUSALS>>> {
  const { db, ids, clock, config } = context;
  const nowMs = clock();
  const item = await findItem(db, request.itemId);
  if (item === undefined || item.status !== 'approved')
    return domainError('item_not_found', `Item ${request.itemId} is not in the catalogue.`);
  if (nowMs < item.availableFrom || nowMs >= item.availableUntil)
    return domainError(
      'item_unavailable',
      `Item ${item.id} can be reserved only within its availability window.`,
      {
        availableFrom: new Date(item.availableFrom).toISOString(),
        availableUntil: new Date(item.availableUntil).toISOString(),
      },
    );
  if (item.reserved >= item.stock)
    return domainError('sold_out', `Item ${item.id} has nothing left to reserve.`);
  const facts = await memberFacts(context, request.memberId);
  if (!isEligible(item.eligibility, facts))
    return domainError('not_eligible', `Item ${item.id} is not offered to this member.`);
  if (request.selectionId !== undefined) {
    const refused = await selectionRefusal(context, request.selectionId, request.memberId, nowMs);
    if (refused) return refused;
  }
  const source = request.source ?? { type: 'wallet' as const };
  const chosen = await chooseDraws(context, request.memberId, source, item.pointsPrice, nowMs);
  if (isDomainError(chosen)) return chosen;

  const transactionId = ids('txn');
  const reservationId = ids('rsv');
  const fulfiller = item.fulfillerPartnerId;
  const statements: BatchStatement[] = [
    db
      .update(catalogueItems)
      .set({ reserved: sql`${catalogueItems.reserved} + 1` })
      .where(
        and(
          eq(catalogueItems.id, item.id),
          eq(catalogueItems.status, 'approved'),
          lt(catalogueItems.reserved, catalogueItems.stock),
        ),
      ),
    requireChangedRow(db, 'sold_out'),
    // An item for some tiers is reserved on the tier read above, and only while it still holds.
    ...(item.eligibility.tiers === undefined ? [] : tierReadGuard(db, facts)),
  ];
  for (const draw of chosen.draws) {
    statements.push(
      ...planLotMovement(context, {
        kind: 'catalogue_hold',
        transactionId,
        debitAccountId: walletAccountId(draw.memberId),
        creditAccountId: RESERVATIONS_ACCOUNT_ID,
        partnerId: null,
        lots: draw.lots,
      }),
    );
  }
  const pools = await poolDrawStatements(
    context,
    chosen,
    request.memberId,
    fulfiller ?? NETWORK_PARTY,
    transactionId,
  );
  const draws = chosen.draws.map((draw) => ({
    memberId: draw.memberId,
    poolId: draw.poolId,
    points: pointsOf(draw),
  }));
  const transaction: NewTransactionRow = {
    id: transactionId,
    partnerId: fulfiller,
    memberId: request.memberId,
    kind: 'catalogue_reservation',
    status: 'pending',
    points: item.pointsPrice,
    details: {
      kind: 'catalogue_reservation',
      reservationId,
      itemId: item.id,
      selectionId: request.selectionId ?? null,
      source,
      draws,
    },
    createdAt: nowMs,
  };
  const row = {
    id: reservationId,
    itemId: item.id,
    memberId: request.memberId,
    transactionId,
    fulfillerPartnerId: fulfiller,
    points: item.pointsPrice,
    settlementPrice: item.settlementPrice,
    unitPrice: pricePerPoint(
      storedDecimal(item.settlementPrice, 'settlement price'),
      BigInt(item.pointsPrice),
    ),
    selectionId: request.selectionId ?? null,
    status: 'reserved' as const,
    lapsesAt: nowMs + config.reservationLapseHours * HOUR_MS,
    createdAt: nowMs,
    resolvedAt: null,
    resolvedBy: null,
  };
  return {
    status: 201,
    body: reservationView(row, config.referenceCurrency),
    statements: [
      insertTransactionStatement(db, transaction),
      ...statements,
      ...pools.statements,
      db.insert(reservations).values(row),
    ],
    events: [
      eventDraft(
        context,
        'reservation.created',
        {
          reservationId,
          transactionId,
          itemId: item.id,
          memberId: request.memberId,
          fulfiller: fulfiller ?? NETWORK_PARTY,
          points: item.pointsPrice,
          draws,
          selectionId: request.selectionId ?? null,
          lapsesAt: new Date(row.lapsesAt).toISOString(),
        },
        {
          partnerId: fulfiller,
          memberIds: [request.memberId, ...draws.map((draw) => draw.memberId)],
          ledger: true,
        },
      ),
      ...pools.events,
    ],
  };
}

async function selectionRefusal(
  context: LedgerContext,
  selectionId: string,
  memberId: string,
  nowMs: number,
): Promise<DomainError<'selection_not_found' | 'selection_not_open' | 'not_in_selection'> | undefined> {
  const selection = await findSelection(context.db, selectionId);
  const membership = await findSelectionMember(context.db, selectionId, memberId);
  if (selection === undefined || membership === undefined)
    return domainError('not_in_selection', `The member is not invited to yearly choice ${selectionId}.`);
  if (selection.status !== 'open' || nowMs < selection.opensAt || nowMs >= selection.closesAt)
    return domainError('selection_not_open', `Yearly choice ${selectionId} is not open for choices now.`, {
      closesAt: new Date(selection.closesAt).toISOString(),
    });
  return undefined;
}

import type { BatchStatement } from '../db/database.js';
import { readMemberLots } from '../db/ledger.js';
import { findMember } from '../db/members.js';
import { activeMembers, poolsOfMember } from '../db/pools.js';
import { insertTransactionStatement, type NewTransactionRow } from '../db/transactions.js';
import type { LedgerContext } from '../dependencies.js';
import { payoutForPoints, pointsToCover } from '../domain/conversion.js';
import { type DomainError, domainError, isDomainError, type RefusalOf } from '../domain/errors.js';
import { redemptionAccountId, walletAccountId } from '../domain/ledger/accounts.js';
import { drawFromLots, spendableLots, sumPoints } from '../domain/ledger/lots.js';
import type { RedemptionSource } from '../domain/ledger/transaction-details.js';
import { standingRefusal } from '../domain/members/standing.js';
import { formatMoney } from '../domain/money.js';
import { type EventDraft, eventDraft } from '../events/draft.js';
import {
  drawFromPool,
  namedPoolCapacity,
  type PlannedLotUse,
  POOL_DRAW_REFUSALS,
  poolCapacity,
  poolRedemptionStatements,
  recordPlanned,
  type WalletDraw,
} from '../pools/draws.js';
import type { WritePlan } from '../writes/plan.js';
import { planLotMovement } from './postings.js';
import { checkPresence, PRESENCE_REFUSALS, presenceStatements } from './presence.js';
import { currentRate, moneyFromWire, PRICING_REFUSALS, partnerPricing, type WireMoney } from './pricing.js';
import { type TransactionView, transactionView } from './transaction-view.js';

export type { RedemptionSource } from '../domain/ledger/transaction-details.js';

/** What a redemption can be refused with. */
export const REDEEM_REFUSALS = [
  'member_not_found',
  'member_merged',
  'member_erased',
  'validation_failed',
  ...PRESENCE_REFUSALS,
  ...POOL_DRAW_REFUSALS,
  ...PRICING_REFUSALS,
] as const;
type RedeemRefusal = RefusalOf<typeof REDEEM_REFUSALS>;

export interface RedeemRequest {
  readonly memberId: string;
  readonly points?: number | undefined;
  /** Redeem as many points as cover this amount (rounded up). */
  readonly amount?: WireMoney | undefined;
  /** The currency the value of `points` is expressed in; defaults to the partner's settlement currency. */
  readonly currency?: string | undefined;
  readonly source?: RedemptionSource | undefined;
  readonly externalReference?: string | undefined;
  /** The member's one-time pay code: proof that they are there (MEMBER_PRESENCE). */
  readonly payCode?: string | undefined;
  readonly idempotencyKey?: string | undefined;
}

/**
 * Plans a redemption: converts the ask into points, chooses the lots to draw from the source,
 * and moves the points from each wallet to the partner's redemption account. Lots are drawn
 * first-expiring-first; a lot that another write emptied meanwhile aborts the batch, which is
 * then planned again.
 */
export async function planRedeem(
  context: LedgerContext,
  partnerId: string,
  request: RedeemRequest,
): Promise<WritePlan<TransactionView> | DomainError<RedeemRefusal>> {
  const { db, ids, clock } = context;
  const nowMs = clock();
  const member = await findMember(db, request.memberId);
  if (member === undefined)
    return domainError('member_not_found', `Member ${request.memberId} does not exist.`);
  const notInUse = standingRefusal(member);
  if (notInUse !== null) return notInUse;
  const pricing = await partnerPricing(context, partnerId);

  const ask = await pointsAsked(context, request, pricing.partner.settlementCurrency);
  if (isDomainError(ask)) return ask;
  if (ask.points > context.config.maxPointsPerTransaction) {
    return domainError(
      'invalid_amount',
      `A redemption may move at most ${context.config.maxPointsPerTransaction} points.`,
    );
  }
  const presence = await checkPresence(context, {
    partnerId,
    memberId: member.id,
    payCode: request.payCode,
    points: ask.points,
  });
  if (isDomainError(presence)) return presence;
  const source = request.source ?? { type: 'wallet' as const };
  const chosen = await chooseDraws(context, member.id, source, ask.points, nowMs);
  if (isDomainError(chosen)) return chosen;
  const { draws } = chosen;

  const transactionId = ids('txn');
  const statements: BatchStatement[] = [];
  for (const draw of draws) {
    statements.push(
      ...planLotMovement(context, {
        kind: 'redeem',
        transactionId,
        debitAccountId: walletAccountId(draw.memberId),
        creditAccountId: redemptionAccountId(partnerId),
        partnerId,
        lots: draw.lots,
      }),
    );
  }
  const pools = await poolDrawStatements(context, chosen, member.id, partnerId, transactionId);
  statements.push(...pools.statements);
  const events = pools.events;
  const details = {
    kind: 'redeem' as const,
    valueMinor: ask.valueMinor.toString(),
    valueCurrency: ask.valueCurrency,
    source,
    draws: draws.map((draw) => ({ memberId: draw.memberId, poolId: draw.poolId, points: pointsOf(draw) })),
  };
  const row: NewTransactionRow = {
    id: transactionId,
    partnerId,
    memberId: member.id,
    kind: 'redeem',
    status: 'posted',
    amountMinor: request.amount === undefined ? null : Number(ask.valueMinor),
    currency: request.amount === undefined ? null : ask.valueCurrency,
    fxSnapshotId: ask.snapshotId,
    fxRate: ask.rateText,
    points: ask.points,
    details,
    externalReference: request.externalReference ?? null,
    idempotencyKey: request.idempotencyKey ?? null,
    createdAt: nowMs,
  };
  const view = transactionView(row);
  const redeemed = eventDraft(
    context,
    'transaction.redeemed',
    {
      transactionId,
      partnerId,
      memberId: member.id,
      points: ask.points,
      value: view.value ?? formatMoney({ amountMinor: ask.valueMinor, currency: ask.valueCurrency }),
      draws: details.draws,
    },
    { partnerId, memberIds: [member.id, ...draws.map((draw) => draw.memberId)], ledger: true },
  );
  return {
    status: 201,
    body: view,
    statements: [
      insertTransactionStatement(db, row),
      ...presenceStatements(context, presence, { transactionId, nowMs }),
      ...statements,
    ],
    events: [redeemed, ...events],
  };
}

interface PointsAsked {
  readonly points: number;
  readonly valueMinor: bigint;
  readonly valueCurrency: string;
  readonly snapshotId: string;
  readonly rateText: string;
}

async function pointsAsked(
  context: LedgerContext,
  request: RedeemRequest,
  settlementCurrency: string,
): Promise<PointsAsked | DomainError<RedeemRefusal>> {
  const pointValue = context.config.pointValue;
  if ((request.points === undefined) === (request.amount === undefined)) {
    return domainError('validation_failed', 'Give either "points" or "amount", not both and not neither.');
  }
  if (request.amount !== undefined) {
    const amount = moneyFromWire(request.amount);
    if (isDomainError(amount)) return amount;
    const rate = await currentRate(context, amount.currency);
    if (isDomainError(rate)) return rate;
    const points = pointsToCover({
      amountMinor: amount.amountMinor,
      currency: amount.currency,
      pointValue,
      fxRate: rate.rate,
    });
    if (points > BigInt(Number.MAX_SAFE_INTEGER))
      return domainError('invalid_amount', 'The amount is too large.');
    return {
      points: Number(points),
      valueMinor: amount.amountMinor,
      valueCurrency: amount.currency,
      snapshotId: rate.snapshotId,
      rateText: rate.rateText,
    };
  }
  const currency = request.currency ?? settlementCurrency;
  const rate = await currentRate(context, currency);
  if (isDomainError(rate)) return rate;
  const points = request.points ?? 0;
  const valueMinor = payoutForPoints({ points: BigInt(points), pointValue, fxRate: rate.rate, currency });
  return {
    points,
    valueMinor,
    valueCurrency: currency,
    snapshotId: rate.snapshotId,
    rateText: rate.rateText,
  };
}

export interface ChosenDraws {
  readonly draws: WalletDraw[];
  readonly poolDraws: Map<string, WalletDraw[]>;
}

/**
 * What drawing on pools adds to a redemption's batch (the guards that keep each pool within its
 * rules, and the pool's activity) and the `pool.redeemed` event each pool's members receive.
 */
export async function poolDrawStatements(
  context: LedgerContext,
  chosen: ChosenDraws,
  redeemerMemberId: string,
  partnerId: string,
  transactionId: string,
): Promise<{ statements: BatchStatement[]; events: EventDraft[] }> {
  const statements: BatchStatement[] = [];
  const events: EventDraft[] = [];
  for (const [poolId, fromPool] of chosen.poolDraws) {
    statements.push(
      ...poolRedemptionStatements(context, {
        poolId,
        redeemerMemberId,
        partnerId,
        transactionId,
        draws: fromPool,
      }),
    );
    const poolDraws = fromPool.map((draw) => ({ memberId: draw.memberId, poolId, points: pointsOf(draw) }));
    events.push(
      eventDraft(
        context,
        'pool.redeemed',
        {
          poolId,
          transactionId,
          redeemerMemberId,
          partnerId,
          points: poolDraws.reduce((total, draw) => total + draw.points, 0),
          draws: poolDraws,
        },
        { memberIds: (await activeMembers(context.db, poolId)).map((row) => row.memberId) },
      ),
    );
  }
  return { statements, events };
}

/**
 * Chooses the lots a redemption draws: the own wallet first-expiring-first; one pool by its
 * draw policy; or `auto`, the own wallet first and then each pool in membership order.
 */
export async function chooseDraws(
  context: LedgerContext,
  memberId: string,
  source: RedemptionSource,
  points: number,
  nowMs: number,
): Promise<ChosenDraws | DomainError<RefusalOf<typeof POOL_DRAW_REFUSALS>>> {
  const planned: PlannedLotUse = new Map();
  const poolDraws = new Map<string, WalletDraw[]>();
  if (source.type === 'pool') {
    const capacity = await namedPoolCapacity(context, memberId, source.poolId, planned);
    if (isDomainError(capacity)) return capacity;
    const draws = drawFromPool(capacity, points);
    if (isDomainError(draws)) return draws;
    poolDraws.set(source.poolId, draws);
    return { draws, poolDraws };
  }
  const ownLots = spendableLots(await readMemberLots(context.db, memberId), nowMs);
  const ownPoints = Math.min(points, sumPoints(ownLots));
  const draws: WalletDraw[] = [];
  if (ownPoints > 0) {
    const own = drawFromLots(ownLots, ownPoints) ?? [];
    recordPlanned(planned, own);
    draws.push({ memberId, poolId: null, lots: own });
  }
  let missing = points - ownPoints;
  if (missing > 0 && source.type === 'auto') {
    for (const { pool, membership } of await poolsOfMember(context.db, memberId)) {
      if (missing === 0) break;
      // Read after the draws planned so far: a wallet in two of the member's pools gives its points once.
      const capacity = await poolCapacity(context, pool, membership, planned, new Set([memberId]));
      const take = Math.min(missing, capacity.spendable);
      if (take <= 0) continue;
      const fromPool = drawFromPool(capacity, take);
      if (isDomainError(fromPool)) return fromPool;
      for (const draw of fromPool) recordPlanned(planned, draw.lots);
      poolDraws.set(capacity.pool.id, fromPool);
      draws.push(...fromPool);
      missing -= take;
    }
  }
  if (missing > 0) {
    const available = points - missing;
    return domainError(
      'insufficient_points',
      `The member can spend ${available} points here; ${points} were asked.`,
      { availablePoints: available, requestedPoints: points },
    );
  }
  return { draws, poolDraws };
}

export const pointsOf = (draw: WalletDraw) => draw.lots.reduce((total, lot) => total + lot.points, 0);

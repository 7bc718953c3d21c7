import { drawLotStatements, readMemberLots, transferStatement } from '../db/ledger.js';
import { findMember, walletAccountId } from '../db/members.js';
import { redemptionAccountId } from '../db/partners.js';
import { insertTransactionStatement } from '../db/transactions.js';
import type { BatchStatement } from '../db/database.js';
import type { LedgerContext } from '../dependencies.js';
import { payoutForPoints, pointsToCover } from '../domain/conversion.js';
import { domainError, isDomainError, type DomainError } from '../domain/errors.js';
import { drawFromLots, spendableLots, sumPoints, type LotDraw } from '../domain/ledger/lots.js';
import type { WritePlan } from './idempotency.js';
import { currentRate, moneyFromWire, partnerPricing, type WireMoney } from './pricing.js';
import { transactionView, type RedemptionSource, type TransactionDetails, type TransactionView } from './transaction-view.js';

export type { RedemptionSource } from './transaction-view.js';

export interface RedeemRequest {
  readonly memberId: string;
  readonly points?: number | undefined;
  /** Redeem as many points as cover this amount (rounded up). */
  readonly amount?: WireMoney | undefined;
  /** The currency the value of `points` is expressed in; defaults to the partner's settlement currency. */
  readonly currency?: string | undefined;
  readonly source?: RedemptionSource | undefined;
  readonly externalReference?: string | undefined;
}

/** Points taken from one wallet for a redemption. */
export interface WalletDraw {
  readonly memberId: string;
  readonly poolId: string | null;
  readonly lots: readonly LotDraw[];
}

/**
 * Plans a redemption: converts the ask into points, chooses the lots to draw from the source,
 * and moves the points from each wallet to the partner's redemption account. Lots are drawn
 * first-expiring-first; a lot that another write emptied meanwhile aborts the batch, which is
 * then planned again.
 */
export async function planRedeem(context: LedgerContext, partnerId: string, request: RedeemRequest): Promise<WritePlan<TransactionView> | DomainError> {
  const { db, ids, clock } = context;
  const nowMs = clock();
  const member = await findMember(db, request.memberId);
  if (member === undefined) return domainError('member_not_found', `Member ${request.memberId} does not exist.`);
  const pricing = await partnerPricing(context, partnerId);
  if (isDomainError(pricing)) return pricing;

  const ask = await pointsAsked(context, request, pricing.partner.settlementCurrency);
  if (isDomainError(ask)) return ask;
  const source = request.source ?? { type: 'wallet' as const };
  const draws = await chooseDraws(context, member.id, source, ask.points, nowMs);
  if (isDomainError(draws)) return draws;

  const transactionId = ids('txn');
  const statements: BatchStatement[] = [];
  for (const draw of draws) {
    const transferId = ids('trf');
    const points = draw.lots.reduce((total, lot) => total + lot.points, 0);
    statements.push(
      transferStatement(db, {
        id: transferId,
        transactionId,
        kind: 'redeem',
        debitAccountId: walletAccountId(draw.memberId),
        creditAccountId: redemptionAccountId(partnerId),
        points,
        partnerId,
        createdAt: nowMs,
      }),
      ...drawLotStatements(db, transferId, draw.lots),
    );
  }
  const details: TransactionDetails = {
    valueMinor: ask.valueMinor.toString(),
    valueCurrency: ask.valueCurrency,
    source,
    draws: draws.map((draw) => ({ memberId: draw.memberId, poolId: draw.poolId, points: draw.lots.reduce((total, lot) => total + lot.points, 0) })),
  };
  const row = {
    id: transactionId,
    partnerId,
    memberId: member.id,
    kind: 'redeem' as const,
    status: 'posted' as const,
    amountMinor: request.amount === undefined ? null : Number(ask.valueMinor),
    currency: request.amount === undefined ? null : ask.valueCurrency,
    fxSnapshotId: ask.snapshotId,
    fxRate: ask.rateText,
    points: ask.points,
    details: JSON.stringify(details),
    externalReference: request.externalReference ?? null,
    createdAt: nowMs,
  };
  return { status: 201, body: transactionView(row), statements: [insertTransactionStatement(db, row), ...statements] };
}

interface PointsAsked {
  readonly points: number;
  readonly valueMinor: bigint;
  readonly valueCurrency: string;
  readonly snapshotId: string;
  readonly rateText: string;
}

async function pointsAsked(context: LedgerContext, request: RedeemRequest, settlementCurrency: string): Promise<PointsAsked | DomainError> {
  const pointValue = context.config.pointValue;
  if ((request.points === undefined) === (request.amount === undefined)) {
    return domainError('validation_failed', 'Give either "points" or "amount", not both and not neither.');
  }
  if (request.amount !== undefined) {
    const amount = moneyFromWire(request.amount);
    if (isDomainError(amount)) return amount;
    const rate = await currentRate(context, amount.currency);
    if (isDomainError(rate)) return rate;
    const points = pointsToCover({ amountMinor: amount.amountMinor, currency: amount.currency, pointValue, fxRate: rate.rate });
    if (points > BigInt(Number.MAX_SAFE_INTEGER)) return domainError('invalid_amount', 'The amount is too large.');
    return { points: Number(points), valueMinor: amount.amountMinor, valueCurrency: amount.currency, snapshotId: rate.snapshotId, rateText: rate.rateText };
  }
  const currency = request.currency ?? settlementCurrency;
  const rate = await currentRate(context, currency);
  if (isDomainError(rate)) return rate;
  const points = request.points ?? 0;
  const valueMinor = payoutForPoints({ points: BigInt(points), pointValue, fxRate: rate.rate, currency });
  return { points, valueMinor, valueCurrency: currency, snapshotId: rate.snapshotId, rateText: rate.rateText };
}

async function chooseDraws(context: LedgerContext, memberId: string, source: RedemptionSource, points: number, nowMs: number): Promise<WalletDraw[] | DomainError> {
  const ownLots = spendableLots(await readMemberLots(context.db, memberId), nowMs);
  if (source.type === 'pool') {
    return domainError('pool_not_found', `Pool ${source.poolId} does not exist or the member may not redeem from it.`);
  }
  const drawn = drawFromLots(ownLots, points);
  if (drawn === undefined) {
    const available = sumPoints(ownLots);
    return domainError('insufficient_points', `The member can spend ${available} points; ${points} were asked.`, { availablePoints: available, requestedPoints: points });
  }
  return [{ memberId, poolId: null, lots: drawn }];
}

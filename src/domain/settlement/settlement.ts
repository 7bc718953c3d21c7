import { NETTED_POINTS, type PointsField, transferKind } from '../ledger/kinds.js';
import { add, isZero, multiply, type Rational, rational, subtract } from '../rational.js';
import { exactDecimal, residue, storedDecimal, toSafeNumber, wireAmount } from './amounts.js';
import type { PointTotals, SettlementDocument } from './documents.js';
import {
  buildStatement,
  flowMatrix,
  flowRole,
  flowView,
  isPartnerPriced,
  type PartnerStatement,
  pointsValue,
  type SettlementInput,
} from './statement.js';
import { byCodeUnit, type KindTotal, type Totals } from './totals.js';

export interface BuiltStatement extends PartnerStatement {
  readonly partnerId: string;
  readonly currency: string;
}

/** Every partner's statement of the period, in partner id order. */
export function buildStatements(input: SettlementInput): BuiltStatement[] {
  return [...input.partners]
    .sort((a, b) => byCodeUnit(a.id, b.id))
    .map((partner) => ({
      partnerId: partner.id,
      currency: partner.settlementCurrency,
      ...buildStatement(input, partner),
    }));
}

const number = (value: bigint) => toSafeNumber(value, 'points');

/** The figures added with the catalogue, gift cards and erasure: shown only when not zero. */
const OPTIONAL_FIGURES = [
  'reserved',
  'reservationReleased',
  'redeemedAtNetwork',
  'convertedToGiftCards',
  'movedBetweenMembers',
  'forfeited',
] as const;

/** The network's point totals: each kind counts towards the figure the registry names. */
export function pointTotals(totals: Totals): PointTotals {
  const of = (name: PointsField) =>
    number(
      totals.kinds.reduce((total, row) => {
        const settlement = transferKind(row.kind)?.settlement;
        if (settlement?.points !== name) return total;
        return total + (name === NETTED_POINTS ? settlement.sign : 1n) * row.points;
      }, 0n),
    );
  const held = totals.kinds.reduce(
    (total, row) => total + (transferKind(row.kind)?.held ?? 0n) * row.points,
    0n,
  );
  const optional: Partial<Record<(typeof OPTIONAL_FIGURES)[number] | 'heldForReservations', number>> = {};
  for (const name of OPTIONAL_FIGURES) {
    const value = of(name);
    if (value !== 0) optional[name] = value;
  }
  if (held !== 0n) optional.heldForReservations = number(held);
  return {
    transfers: number(totals.kinds.reduce((total, row) => total + row.transfers, 0n)),
    issued: of('issued'),
    issueReversed: of('issueReversed'),
    debtRepaid: of('debtRepaid'),
    redeemed: of('redeemed'),
    redeemReturned: of('redeemReturned'),
    expired: of('expired'),
    networkFunded: of('networkFunded'),
    outstandingLiability: number(totals.kinds.reduce((total, row) => total + row.walletPoints, 0n) + held),
    ...optional,
  };
}

const isNetworkFunded = (kind: string) => transferKind(kind)?.settlement.side === 'network_funded';

/**
 * What the network's promotions budget funded in a period (goodwill, gifts, network bonuses), line
 * by line at the price recorded on each transfer: a cost to the network that no partner pays.
 */
export function networkFundedLines(kinds: readonly KindTotal[]) {
  return kinds
    .filter((row) => isNetworkFunded(row.kind))
    .map((row) => {
      const sign = transferKind(row.kind)?.settlement.sign ?? 0n;
      const exact = multiply(rational(sign * row.points), storedDecimal(row.unitPrice, 'unit price'));
      return {
        kind: row.kind,
        unitPrice: row.unitPrice,
        points: number(row.points),
        transfers: number(row.transfers),
        amountExact: exactDecimal(exact),
        exact,
      };
    });
}

/**
 * The network's view of the period: payment instructions, the flow matrix, breakage, totals, and
 * the netting proof that the partners' nets and the network's own net add up to zero.
 */
export function buildSettlementDocument(
  input: SettlementInput,
  statements: readonly BuiltStatement[],
  digests: ReadonlyMap<string, string>,
): SettlementDocument {
  const reference = input.referenceCurrency;
  const partnerIds = new Set(input.partners.map((partner) => partner.id));
  const total = (pick: (statement: BuiltStatement) => Rational) =>
    statements.map(pick).reduce(add, rational(0n));
  const fees = total((statement) => statement.exact.issuanceFee);
  const reimbursements = total((statement) => statement.exact.reimbursement);
  const adjustments = total((statement) => statement.exact.adjustments);
  const giftCardPayments = total((statement) => statement.exact.giftCardPayments);
  const margin: Rational = add(subtract(subtract(fees, reimbursements), giftCardPayments), adjustments);
  const funded = networkFundedLines(input.periodTotals.kinds);
  const fundedTotal = funded.map((line) => line.exact).reduce(add, rational(0n));
  const sumOfNetsMinor = statements.reduce((total, statement) => total + statement.netReferenceMinor, 0n);
  const sumOfNets = wireAmount(sumOfNetsMinor, reference);
  const residueText = residue(sumOfNetsMinor, margin, reference);
  const matrix = flowMatrix(input.periodTotals.flows);
  return {
    type: 'tessera.settlement.v1',
    issuer: input.issuer,
    settlementId: input.settlementId,
    number: input.number,
    period: input.period,
    referenceCurrency: reference,
    pointValue: input.pointValue,
    fx: input.fx,
    statements: statements.map((statement) => ({
      partnerId: statement.partnerId,
      net: statement.document.settlement.net,
      netReference: statement.document.reference.net,
      netReferenceExact: statement.document.reference.netExact,
      direction: statement.document.payment.direction,
      digest: digests.get(statement.partnerId) ?? '',
    })),
    flows: matrix.map((pair) => ({
      issuerPartnerId: pair.issuerPartnerId,
      redeemerPartnerId: pair.redeemerPartnerId,
      ...flowView(pair, input),
    })),
    breakage: input.periodTotals.flows
      .filter((flow) => flowRole(flow.kind) === 'breakage')
      .map((flow) => ({
        issuerPartnerId: flow.issuerPartnerId,
        points: number(flow.points),
        value: pointsValue(flow.points, input),
      })),
    crossIssuerReversals: input.periodTotals.flows
      .filter(
        (flow) =>
          flowRole(flow.kind) === 'cross_issuer_reversal' && flow.issuerPartnerId !== flow.counterpartyId,
      )
      .map((flow) => ({
        issuerPartnerId: flow.issuerPartnerId,
        reversingPartnerId: flow.counterpartyId,
        points: number(flow.points),
      })),
    unclassified: input.periodTotals.kinds
      .filter((row) => !isClassified(row, partnerIds))
      .map((row) => ({
        partnerId: row.partnerId,
        kind: row.kind,
        points: number(row.points),
        transfers: number(row.transfers),
      })),
    networkFunded: funded.map(({ exact: _exact, ...line }) => line),
    totals: { period: pointTotals(input.periodTotals), atClose: pointTotals(input.cumulativeTotals) },
    netting: {
      issuanceFeesExact: exactDecimal(fees),
      reimbursementsExact: exactDecimal(reimbursements),
      adjustmentsExact: exactDecimal(adjustments),
      ...(isZero(giftCardPayments) ? {} : { giftCardPaymentsExact: exactDecimal(giftCardPayments) }),
      marginExact: exactDecimal(margin),
      networkFundedExact: exactDecimal(fundedTotal),
      marginAfterNetworkFundedExact: exactDecimal(subtract(margin, fundedTotal)),
      sumOfNets,
      roundingResidue: residueText,
      networkNet: wireAmount(-sumOfNetsMinor, reference),
    },
  };
}

/** The network's own sides: settled with no partner. */
const NETWORK_SIDES: ReadonlySet<string> = new Set([
  'breakage',
  'network_funded',
  'reservation',
  'gift_card',
  'member_transfer',
]);

/**
 * Whether a period's running total has a place in the settlement document: priced on a partner's
 * statement, or the network's own (breakage of the expiry sweep, what the network funded, points held
 * for reservations, points converted into gift cards).
 */
function isClassified(row: KindTotal, partnerIds: ReadonlySet<string>): boolean {
  if (isPartnerPriced(row.kind)) return true;
  const side = transferKind(row.kind)?.settlement.side;
  return side !== undefined && NETWORK_SIDES.has(side) && !partnerIds.has(row.partnerId);
}

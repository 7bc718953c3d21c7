import { add, type Rational, rational, subtract } from '../rational.js';
import { exactDecimal, residue, toSafeNumber, wireAmount } from './amounts.js';
import type { PointTotals, SettlementDocument } from './documents.js';
import {
  buildStatement,
  EXPIRY_KIND,
  flowMatrix,
  flowView,
  ISSUANCE_KINDS,
  type PartnerStatement,
  pointsValue,
  REDEMPTION_KINDS,
  type SettlementInput,
} from './statement.js';
import { byCodeUnit, pointsByKind, type Totals } from './totals.js';

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

export function pointTotals(totals: Totals): PointTotals {
  const byKind = pointsByKind(totals.kinds);
  const of = (kind: string) => number(byKind.get(kind) ?? 0n);
  return {
    transfers: number(totals.kinds.reduce((total, row) => total + row.transfers, 0n)),
    issued: of('earn'),
    issueReversed: of('earn_reversal'),
    debtRepaid: of('debt_repayment'),
    redeemed: of('redeem'),
    redeemReturned: of('redeem_reversal'),
    expired: of(EXPIRY_KIND),
    outstandingLiability: number(totals.kinds.reduce((total, row) => total + row.walletPoints, 0n)),
  };
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
  const margin: Rational = add(subtract(fees, reimbursements), adjustments);
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
      .filter((flow) => flow.kind === EXPIRY_KIND)
      .map((flow) => ({
        issuerPartnerId: flow.issuerPartnerId,
        points: number(flow.points),
        value: pointsValue(flow.points, input),
      })),
    crossIssuerReversals: input.periodTotals.flows
      .filter((flow) => flow.kind === 'earn_reversal' && flow.issuerPartnerId !== flow.counterpartyId)
      .map((flow) => ({
        issuerPartnerId: flow.issuerPartnerId,
        reversingPartnerId: flow.counterpartyId,
        points: number(flow.points),
      })),
    unclassified: input.periodTotals.kinds
      .filter(
        (row) =>
          !(
            row.kind in ISSUANCE_KINDS ||
            row.kind in REDEMPTION_KINDS ||
            (row.kind === EXPIRY_KIND && !partnerIds.has(row.partnerId))
          ),
      )
      .map((row) => ({
        partnerId: row.partnerId,
        kind: row.kind,
        points: number(row.points),
        transfers: number(row.transfers),
      })),
    totals: { period: pointTotals(input.periodTotals), atClose: pointTotals(input.cumulativeTotals) },
    netting: {
      issuanceFeesExact: exactDecimal(fees),
      reimbursementsExact: exactDecimal(reimbursements),
      adjustmentsExact: exactDecimal(adjustments),
      marginExact: exactDecimal(margin),
      sumOfNets,
      roundingResidue: residueText,
      networkNet: wireAmount(-sumOfNetsMinor, reference),
    },
  };
}

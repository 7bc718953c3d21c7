import { type FlowRole, type PointsField, type SettlementSide, transferKind } from '../ledger/kinds.js';
import { add, divide, isZero, multiply, negate, type Rational, rational, subtract } from '../rational.js';
import {
  exactDecimal,
  minorToMajor,
  residue,
  roundToMinor,
  storedDecimal,
  toSafeNumber,
  wireAmount,
} from './amounts.js';
import type {
  AmountBreakdown,
  FlowView,
  GiftCardLine,
  PeriodView,
  StatementAdjustment,
  StatementDocument,
  StatementLine,
} from './documents.js';
import { byCodeUnit, type FlowTotal, type KindTotal, type Totals } from './totals.js';

/** The registry's settlement entry of a transfer kind; undefined for a kind it does not know. */
const settlementOf = (kind: string) => transferKind(kind)?.settlement;
/** Kinds whose money is settled with a partner on its statement (issued or redeemed at it). */
export const isPartnerPriced = (kind: string) => {
  const side = settlementOf(kind)?.side;
  return side === 'issuance' || side === 'redemption';
};
const onSide = (kind: string, side: SettlementSide) => settlementOf(kind)?.side === side;
/** The flow role of a kind in the registry: what its lot provenance feeds. */
export const flowRole = (kind: string): FlowRole | null => transferKind(kind)?.flow ?? null;

export interface SettlementPartner {
  readonly id: string;
  readonly name: string;
  readonly settlementCurrency: string;
}

export interface PendingAdjustment {
  readonly id: string;
  readonly partnerId: string;
  readonly disputeId: string;
  readonly direction: 'credit' | 'debit';
  /** Exact positive decimal in reference currency. */
  readonly amountReference: string;
  readonly points: number | null;
  readonly note: string;
}

/** Everything a close decided before computing: all of it is stored or signed. */
export interface SettlementInput {
  readonly issuer: string;
  readonly settlementId: string;
  readonly number: number;
  readonly period: PeriodView;
  readonly referenceCurrency: string;
  readonly pointValue: string;
  readonly fx: {
    readonly snapshotId: string;
    readonly asOf: string;
    readonly rates: Readonly<Record<string, string>>;
  };
  readonly partners: readonly SettlementPartner[];
  readonly periodTotals: Totals;
  readonly cumulativeTotals: Totals;
  readonly adjustments: readonly PendingAdjustment[];
}

const sum = (values: Iterable<Rational>) => [...values].reduce(add, rational(0n));
const points = (value: bigint) => toSafeNumber(value, 'points');

/** The rate of `currency` in the close's snapshot; the reference currency is 1. */
export function fxRate(input: Pick<SettlementInput, 'fx' | 'referenceCurrency'>, currency: string): Rational {
  if (currency === input.referenceCurrency) return rational(1n);
  const text = input.fx.rates[currency];
  if (text === undefined) throw new RangeError(`the close has no rate for ${currency}`);
  return storedDecimal(text, `fx rate ${currency}`);
}

/** points x unit price in reference currency, signed so that positive means the partner pays. */
function signedAmount(kind: string, points: bigint, unitPrice: string): Rational {
  const settlement = settlementOf(kind);
  const sign =
    settlement === undefined ? 0n : settlement.side === 'redemption' ? -settlement.sign : settlement.sign;
  return multiply(rational(sign * points), storedDecimal(unitPrice, 'unit price'));
}

/** The exact reference amount of one line, positive when the partner pays; null for kinds without a price. */
export function lineAmount(kind: string, points: number, unitPrice: string | null): string | null {
  if (!isPartnerPriced(kind) || unitPrice === null || unitPrice === '') return null;
  return exactDecimal(signedAmount(kind, BigInt(points), unitPrice));
}

/** The exact reference amounts of a partner's period, positive when the partner pays. */
export function partnerAmounts(kinds: readonly KindTotal[], adjustments: readonly PendingAdjustment[]) {
  const lines: (StatementLine & { readonly exact: Rational })[] = kinds
    .filter((row) => isPartnerPriced(row.kind))
    .map((row) => {
      if (row.unitPrice === '')
        throw new RangeError(`${row.partnerId}: ${row.kind} transfers have no unit price`);
      const exact = signedAmount(row.kind, row.points, row.unitPrice);
      return {
        kind: row.kind,
        unitPrice: row.unitPrice,
        points: points(row.points),
        transfers: points(row.transfers),
        amountExact: exactDecimal(exact),
        exact,
      };
    });
  const issuanceFee = sum(lines.filter((line) => onSide(line.kind, 'issuance')).map((line) => line.exact));
  const reimbursement = negate(
    sum(lines.filter((line) => onSide(line.kind, 'redemption')).map((line) => line.exact)),
  );
  const adjustmentLines: StatementAdjustment[] = adjustments.map((adjustment) => {
    const amount = storedDecimal(adjustment.amountReference, 'adjustment');
    return {
      id: adjustment.id,
      disputeId: adjustment.disputeId,
      direction: adjustment.direction,
      amountExact: exactDecimal(adjustment.direction === 'debit' ? amount : negate(amount)),
      points: adjustment.points,
      note: adjustment.note,
    };
  });
  const adjustmentTotal = sum(adjustmentLines.map((line) => storedDecimal(line.amountExact, 'adjustment')));
  const net = add(subtract(issuanceFee, reimbursement), adjustmentTotal);
  return { lines, adjustmentLines, issuanceFee, reimbursement, adjustments: adjustmentTotal, net };
}

/**
 * What coalition gift cards bought at a partner in the period, net of what it refunded onto them, per
 * card currency: each the network pays the partner, converted exactly through the reference currency
 * at the close's snapshot (card currency / its rate = reference).
 */
export function giftCardLines(input: SettlementInput, partnerId: string) {
  const rows = (input.periodTotals.money ?? []).filter((row) => row.partnerId === partnerId);
  const currencies = [...new Set(rows.map((row) => row.currency))].sort(byCodeUnit);
  const lines = currencies.map((currency) => {
    const of = (kind: string) => rows.filter((row) => row.currency === currency && row.kind === kind);
    const spent = of('gift_card_spend').reduce((total, row) => total + row.amountMinor, 0n);
    const refunded = of('gift_card_refund').reduce((total, row) => total + row.amountMinor, 0n);
    const exact = divide(minorToMajor(spent - refunded, currency), fxRate(input, currency));
    const line: GiftCardLine = {
      currency,
      spent: wireAmount(spent, currency),
      refunded: wireAmount(refunded, currency),
      payments: points(of('gift_card_spend').reduce((total, row) => total + row.movements, 0n)),
      refunds: points(of('gift_card_refund').reduce((total, row) => total + row.movements, 0n)),
      amountReferenceExact: exactDecimal(exact),
    };
    return { line, exact };
  });
  return {
    lines: lines.map(({ line }) => line),
    total: lines.map(({ exact }) => exact).reduce(add, rational(0n)),
  };
}

/**
 * Rounds each line half-even to the minor unit of `currency` (after converting at `rate`) and
 * nets the rounded lines, so the statement adds up as printed; the residue shows what that cost.
 * Gift card payments appear only when there were some, so statements without them keep their bytes.
 */
export function breakdown(
  amounts: {
    issuanceFee: Rational;
    reimbursement: Rational;
    adjustments: Rational;
    giftCardPayments?: Rational;
    net: Rational;
  },
  currency: string,
  rate: Rational,
) {
  const inCurrency = (value: Rational) => multiply(value, rate);
  const feeMinor = roundToMinor(inCurrency(amounts.issuanceFee), currency);
  const reimbursementMinor = roundToMinor(inCurrency(amounts.reimbursement), currency);
  const adjustmentsMinor = roundToMinor(inCurrency(amounts.adjustments), currency);
  const giftCards = amounts.giftCardPayments ?? rational(0n);
  const giftCardsMinor = roundToMinor(inCurrency(giftCards), currency);
  const netMinor = feeMinor - reimbursementMinor - giftCardsMinor + adjustmentsMinor;
  const netExact = inCurrency(amounts.net);
  const view: AmountBreakdown = {
    issuanceFee: wireAmount(feeMinor, currency),
    reimbursement: wireAmount(reimbursementMinor, currency),
    ...(isZero(giftCards) ? {} : { giftCardPayments: wireAmount(giftCardsMinor, currency) }),
    adjustments: wireAmount(adjustmentsMinor, currency),
    net: wireAmount(netMinor, currency),
    netExact: exactDecimal(netExact),
    roundingResidue: residue(netMinor, netExact, currency),
  };
  return { view, netMinor };
}

/** The value of points at the network's point value, in reference currency. */
export function pointsValue(value: bigint, input: Pick<SettlementInput, 'pointValue' | 'referenceCurrency'>) {
  return wireAmount(
    roundToMinor(
      multiply(rational(value), storedDecimal(input.pointValue, 'point value')),
      input.referenceCurrency,
    ),
    input.referenceCurrency,
  );
}

/** The flow matrix of a period: per (issuer, redeemer), points redeemed and returned. */
export function flowMatrix(flows: readonly FlowTotal[]) {
  const pairs = new Map<
    string,
    { issuerPartnerId: string; redeemerPartnerId: string; redeemed: bigint; returned: bigint }
  >();
  for (const flow of flows) {
    const role = flowRole(flow.kind);
    if (role !== 'redeemed' && role !== 'returned') continue;
    const key = JSON.stringify([flow.issuerPartnerId, flow.counterpartyId]);
    const pair = pairs.get(key) ?? {
      issuerPartnerId: flow.issuerPartnerId,
      redeemerPartnerId: flow.counterpartyId,
      redeemed: 0n,
      returned: 0n,
    };
    if (role === 'redeemed') pair.redeemed += flow.points;
    else pair.returned += flow.points;
    pairs.set(key, pair);
  }
  return [...pairs.values()].sort(
    (a, b) =>
      byCodeUnit(a.issuerPartnerId, b.issuerPartnerId) ||
      byCodeUnit(a.redeemerPartnerId, b.redeemerPartnerId),
  );
}

export function flowView(
  pair: { redeemed: bigint; returned: bigint },
  input: Pick<SettlementInput, 'pointValue' | 'referenceCurrency'>,
): FlowView {
  return {
    pointsRedeemed: points(pair.redeemed),
    pointsReturned: points(pair.returned),
    points: points(pair.redeemed - pair.returned),
    value: pointsValue(pair.redeemed - pair.returned, input),
  };
}

/** One partner's statement of the period. */
export interface PartnerStatement {
  readonly document: StatementDocument;
  readonly netMinor: bigint;
  readonly netReferenceMinor: bigint;
  /** The exact reference amounts, for the network's netting. */
  readonly exact: {
    readonly issuanceFee: Rational;
    readonly reimbursement: Rational;
    readonly adjustments: Rational;
    readonly giftCardPayments: Rational;
  };
}

export function buildStatement(input: SettlementInput, partner: SettlementPartner): PartnerStatement {
  const kinds = input.periodTotals.kinds.filter((row) => row.partnerId === partner.id);
  const pointAmounts = partnerAmounts(
    kinds,
    input.adjustments.filter((adjustment) => adjustment.partnerId === partner.id),
  );
  const giftCards = giftCardLines(input, partner.id);
  const amounts = {
    ...pointAmounts,
    giftCardPayments: giftCards.total,
    net: subtract(pointAmounts.net, giftCards.total),
  };
  const rate = fxRate(input, partner.settlementCurrency);
  const reference = breakdown(amounts, input.referenceCurrency, rational(1n));
  const settlement = breakdown(amounts, partner.settlementCurrency, rate);
  const field = (name: PointsField) =>
    kinds
      .filter((row) => settlementOf(row.kind)?.points === name)
      .reduce((total, row) => total + row.points, 0n);
  const net = (side: SettlementSide) =>
    kinds.reduce((total, row) => {
      const settlement = settlementOf(row.kind);
      return settlement?.side === side ? total + settlement.sign * row.points : total;
    }, 0n);
  const expired = input.periodTotals.flows
    .filter((flow) => flowRole(flow.kind) === 'breakage' && flow.issuerPartnerId === partner.id)
    .reduce((total, flow) => total + flow.points, 0n);
  const matrix = flowMatrix(input.periodTotals.flows);
  const document: StatementDocument = {
    type: 'tessera.statement.v1',
    issuer: input.issuer,
    settlementId: input.settlementId,
    settlementNumber: input.number,
    partner: { id: partner.id, name: partner.name, settlementCurrency: partner.settlementCurrency },
    period: input.period,
    referenceCurrency: input.referenceCurrency,
    pointValue: input.pointValue,
    fx: {
      snapshotId: input.fx.snapshotId,
      asOf: input.fx.asOf,
      rate:
        partner.settlementCurrency === input.referenceCurrency
          ? '1'
          : (input.fx.rates[partner.settlementCurrency] ?? ''),
    },
    points: {
      issued: points(field('issued')),
      issueReversed: points(field('issueReversed')),
      debtRepaid: points(field('debtRepaid')),
      netIssued: points(net('issuance')),
      redeemed: points(field('redeemed')),
      redeemReturned: points(field('redeemReturned')),
      netRedeemed: points(net('redemption')),
      expired: points(expired),
      transfers: points(kinds.reduce((total, row) => total + row.transfers, 0n)),
    },
    lines: amounts.lines.map(({ exact: _exact, ...line }) => line),
    ...(giftCards.lines.length > 0 ? { giftCards: giftCards.lines } : {}),
    adjustments: amounts.adjustmentLines,
    reference: reference.view,
    settlement: settlement.view,
    payment: {
      direction:
        settlement.netMinor > 0n ? 'partner_pays' : settlement.netMinor < 0n ? 'network_pays' : 'nothing_due',
      amount: wireAmount(
        settlement.netMinor < 0n ? -settlement.netMinor : settlement.netMinor,
        partner.settlementCurrency,
      ),
    },
    flows: {
      issued: matrix
        .filter((pair) => pair.issuerPartnerId === partner.id)
        .map((pair) => ({ redeemerPartnerId: pair.redeemerPartnerId, ...flowView(pair, input) })),
      redeemed: matrix
        .filter((pair) => pair.redeemerPartnerId === partner.id)
        .map((pair) => ({ issuerPartnerId: pair.issuerPartnerId, ...flowView(pair, input) })),
    },
    unclassified: kinds
      .filter((row) => !isPartnerPriced(row.kind))
      .map((row) => ({ kind: row.kind, points: points(row.points), transfers: points(row.transfers) })),
  };
  return {
    document,
    netMinor: settlement.netMinor,
    netReferenceMinor: reference.netMinor,
    exact: {
      issuanceFee: amounts.issuanceFee,
      reimbursement: amounts.reimbursement,
      adjustments: amounts.adjustments,
      giftCardPayments: amounts.giftCardPayments,
    },
  };
}

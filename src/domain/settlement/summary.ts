import { formatMoney } from '../money.js';
import { add, multiply, type Rational, rational, subtract } from '../rational.js';
import { exactDecimal, roundToMinor, storedDecimal, toSafeNumber, wireAmount } from './amounts.js';
import type { PointTotals } from './documents.js';
import { networkFundedLines, pointTotals } from './settlement.js';
import { flowRole, type PendingAdjustment, partnerAmounts } from './statement.js';
import { type MoneyTotal, NETWORK_PARTY, periodTotals, type Totals } from './totals.js';

export interface NetworkSummaryInput {
  readonly referenceCurrency: string;
  readonly pointValue: string;
  readonly sequence: number;
  readonly totals: Totals;
  readonly lastSettlement:
    | { readonly id: string; readonly number: number; readonly toSequence: number; readonly totals: Totals }
    | undefined;
  /** Adjustments already settled by a close, and those waiting for the next one. */
  readonly adjustmentsSettled: readonly PendingAdjustment[];
  readonly adjustmentsPending: readonly PendingAdjustment[];
}

function money(totals: Totals, adjustments: readonly PendingAdjustment[]) {
  let fees = rational(0n);
  let reimbursements = rational(0n);
  let adjustmentTotal = rational(0n);
  const partners = new Set([
    ...totals.kinds.map((row) => row.partnerId),
    ...adjustments.map((adjustment) => adjustment.partnerId),
  ]);
  partners.delete(NETWORK_PARTY);
  for (const partnerId of partners) {
    const amounts = partnerAmounts(
      totals.kinds.filter((row) => row.partnerId === partnerId),
      adjustments.filter((adjustment) => adjustment.partnerId === partnerId),
    );
    fees = add(fees, amounts.issuanceFee);
    reimbursements = add(reimbursements, amounts.reimbursement);
    adjustmentTotal = add(adjustmentTotal, amounts.adjustments);
  }
  const margin = add(subtract(fees, reimbursements), adjustmentTotal);
  const lines = networkFundedLines(totals.kinds);
  const funded = lines.map((line) => line.exact).reduce(add, rational(0n));
  const byKind = new Map<string, { points: number; exact: Rational }>();
  for (const line of lines) {
    const kind = byKind.get(line.kind) ?? { points: 0, exact: rational(0n) };
    byKind.set(line.kind, { points: kind.points + line.points, exact: add(kind.exact, line.exact) });
  }
  return {
    issuanceFeesExact: exactDecimal(fees),
    reimbursementsExact: exactDecimal(reimbursements),
    adjustmentsExact: exactDecimal(adjustmentTotal),
    marginExact: exactDecimal(margin),
    networkFundedExact: exactDecimal(funded),
    /** What the network funded, kind by kind (goodwill, gap gifts, tier bonuses and their reversals). */
    networkFunded: [...byKind.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([kind, line]) => ({ kind, points: line.points, amountExact: exactDecimal(line.exact) })),
    marginAfterNetworkFundedExact: exactDecimal(subtract(margin, funded)),
  };
}

/**
 * What coalition gift cards bought at partners, per card currency, exact in its minor units: spent,
 * refunded onto cards, and the net the network pays the accepting partners for it. A close converts
 * each period's net at its own FX snapshot (the settlement's `giftCardPaymentsExact`), so these stay
 * in the cards' currencies.
 */
export function giftCardPayments(money: readonly MoneyTotal[] | undefined) {
  const byCurrency = new Map<
    string,
    { spent: bigint; refunded: bigint; payments: bigint; refunds: bigint }
  >();
  for (const row of money ?? []) {
    const totals = byCurrency.get(row.currency) ?? { spent: 0n, refunded: 0n, payments: 0n, refunds: 0n };
    if (row.kind === 'gift_card_spend') {
      totals.spent += row.amountMinor;
      totals.payments += row.movements;
    } else if (row.kind === 'gift_card_refund') {
      totals.refunded += row.amountMinor;
      totals.refunds += row.movements;
    } else throw new RangeError(`unknown gift card money kind ${row.kind}`);
    byCurrency.set(row.currency, totals);
  }
  return [...byCurrency.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, totals]) => ({
      currency,
      payments: toSafeNumber(totals.payments, 'payments'),
      refunds: toSafeNumber(totals.refunds, 'refunds'),
      spent: formatMoney({ amountMinor: totals.spent, currency }),
      refunded: formatMoney({ amountMinor: totals.refunded, currency }),
      net: formatMoney({ amountMinor: totals.spent - totals.refunded, currency }),
    }));
}

/**
 * The network's position from the running totals alone: points issued and redeemed, the liability
 * still in wallets, breakage, and the margin, to date and for the open period.
 */
export function networkSummary(input: NetworkSummaryInput) {
  const points: PointTotals = pointTotals(input.totals);
  const expired = input.totals.flows
    .filter((flow) => flowRole(flow.kind) === 'breakage')
    .reduce((total, flow) => total + flow.points, 0n);
  const valueOfPoints = (value: bigint) =>
    wireAmount(
      roundToMinor(
        multiply(rational(value), storedDecimal(input.pointValue, 'point value')),
        input.referenceCurrency,
      ),
      input.referenceCurrency,
    );
  const settled = input.lastSettlement;
  const open = periodTotals(input.totals, settled?.totals ?? { kinds: [], flows: [] });
  return {
    asOfSequence: input.sequence,
    referenceCurrency: input.referenceCurrency,
    pointValue: input.pointValue,
    points,
    outstandingLiability: {
      points: points.outstandingLiability,
      value: valueOfPoints(BigInt(points.outstandingLiability)),
    },
    breakage: { points: toSafeNumber(expired, 'points'), value: valueOfPoints(expired) },
    toDate: money(input.totals, input.adjustmentsSettled),
    openPeriod: {
      fromSequence: settled?.toSequence ?? 0,
      toSequence: input.sequence,
      points: pointTotals(open),
      adjustmentsPending: input.adjustmentsPending.length,
      ...money(open, input.adjustmentsPending),
    },
    giftCardPayments: {
      toDate: giftCardPayments(input.totals.money),
      settled: giftCardPayments(settled?.totals.money),
      openPeriod: giftCardPayments(open.money),
    },
    lastSettlement:
      settled === undefined
        ? null
        : { id: settled.id, number: settled.number, toSequence: settled.toSequence },
  };
}

export type NetworkSummary = ReturnType<typeof networkSummary>;

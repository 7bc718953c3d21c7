import { type CsvValue, csvRows } from '../csv.js';
import type { SettlementDocument, StatementDocument } from './documents.js';

/**
 * CSV renderings of the signed documents. Every row repeats the settlement and partner ids, so
 * files of many statements can be concatenated and loaded as one table. The CSV is derived from
 * the signed JSON document, whose JWS travels in the response header.
 */

const STATEMENT_COLUMNS = [
  'settlement_id',
  'partner_id',
  'record',
  'name',
  'unit_price',
  'points',
  'reference_exact',
  'reference_amount',
  'settlement_currency',
  'settlement_amount',
];

function render(columns: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return csvRows([columns, ...rows]);
}

export function statementCsv(statement: StatementDocument): string {
  const ids = [statement.settlementId, statement.partner.id];
  const currency = statement.partner.settlementCurrency;
  const rows: (string | number | null)[][] = [];
  for (const line of statement.lines)
    rows.push([
      ...ids,
      'transfers',
      line.kind,
      line.unitPrice,
      line.points,
      line.amountExact,
      null,
      null,
      null,
    ]);
  for (const adjustment of statement.adjustments) {
    rows.push([
      ...ids,
      'adjustment',
      adjustment.id,
      null,
      adjustment.points,
      adjustment.amountExact,
      null,
      null,
      null,
    ]);
  }
  // What gift cards bought at the partner, per card currency: `name` is the currency, the exact
  // reference amount the network pays. Only when there was some, so other CSVs keep their bytes.
  for (const line of statement.giftCards ?? [])
    rows.push([...ids, 'gift_cards', line.currency, null, null, line.amountReferenceExact, null, null, null]);
  const { reference, settlement } = statement;
  const totals =
    reference.giftCardPayments === undefined
      ? (['issuanceFee', 'reimbursement', 'adjustments', 'net'] as const)
      : (['issuanceFee', 'reimbursement', 'giftCardPayments', 'adjustments', 'net'] as const);
  for (const name of totals) {
    rows.push([
      ...ids,
      'total',
      name,
      null,
      null,
      null,
      reference[name]?.amount ?? null,
      currency,
      settlement[name]?.amount ?? null,
    ]);
  }
  rows.push([
    ...ids,
    'total',
    'netExact',
    null,
    null,
    reference.netExact,
    null,
    currency,
    settlement.netExact,
  ]);
  rows.push([
    ...ids,
    'total',
    'roundingResidue',
    null,
    null,
    reference.roundingResidue,
    null,
    currency,
    settlement.roundingResidue,
  ]);
  rows.push([
    ...ids,
    'payment',
    statement.payment.direction,
    null,
    null,
    null,
    null,
    currency,
    statement.payment.amount.amount,
  ]);
  for (const flow of statement.flows.issued)
    rows.push([
      ...ids,
      'flow_issued',
      flow.redeemerPartnerId,
      null,
      flow.points,
      null,
      flow.value.amount,
      null,
      null,
    ]);
  for (const flow of statement.flows.redeemed)
    rows.push([
      ...ids,
      'flow_redeemed',
      flow.issuerPartnerId,
      null,
      flow.points,
      null,
      flow.value.amount,
      null,
      null,
    ]);
  for (const other of statement.unclassified)
    rows.push([...ids, 'unclassified', other.kind, null, other.points, null, null, null, null]);
  return render(STATEMENT_COLUMNS, rows);
}

const SETTLEMENT_COLUMNS = [
  'settlement_id',
  'partner_id',
  'direction',
  'currency',
  'net',
  'net_reference',
  'net_reference_exact',
  'statement_digest',
];

const negated = (decimal: string) =>
  decimal.startsWith('-') ? decimal.slice(1) : /^[0.]+$/.test(decimal) ? decimal : `-${decimal}`;

/**
 * The payment instructions of a settlement, one row per partner, then the network's own net, so
 * that both the `net_reference` and the `net_reference_exact` columns add up to zero.
 */
export function settlementCsv(settlement: SettlementDocument): string {
  const rows: (string | number | null)[][] = settlement.statements.map((statement) => [
    settlement.settlementId,
    statement.partnerId,
    statement.direction,
    statement.net.currency,
    statement.net.amount,
    statement.netReference.amount,
    statement.netReferenceExact,
    statement.digest,
  ]);
  const { netting } = settlement;
  rows.push([
    settlement.settlementId,
    'network',
    'margin',
    settlement.referenceCurrency,
    null,
    netting.networkNet.amount,
    negated(netting.marginExact),
    null,
  ]);
  return render(SETTLEMENT_COLUMNS, rows);
}

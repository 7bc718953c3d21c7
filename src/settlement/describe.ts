import type { SettlementDocument } from '../domain/settlement/documents.js';

const range = (from: number, to: number) =>
  to > from ? `transfers ${from + 1}..${to} (${to - from})` : `no new transfers (sequence ${to})`;

/** A settlement in a few lines of text, for the CLI. */
export function describeSettlement(status: 200 | 201, documentText: string): string {
  const document = JSON.parse(documentText) as SettlementDocument;
  const { period, totals, netting } = document;
  const head =
    status === 201
      ? `Closed settlement ${document.settlementId}`
      : `Nothing new to settle; newest settlement ${document.settlementId}`;
  const lines = [
    `${head} (#${document.number}): ${range(period.fromSequence, period.toSequence)}, FX ${document.fx.snapshotId}`,
    `  points issued ${totals.period.issued}, reversed ${totals.period.issueReversed + totals.period.debtRepaid}, redeemed ${totals.period.redeemed}, returned ${totals.period.redeemReturned}, expired ${totals.period.expired}`,
    `  outstanding liability at close: ${totals.atClose.outstandingLiability} points`,
    `  margin ${netting.marginExact} ${document.referenceCurrency} (nets ${netting.sumOfNets.amount}, rounding residue ${netting.roundingResidue})`,
    ...document.statements.map(
      (statement) =>
        `  ${statement.partnerId}  ${statement.direction.padEnd(12)} ${statement.net.amount} ${statement.net.currency}`,
    ),
  ];
  return lines.join('\n');
}

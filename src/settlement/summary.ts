import { readCloseSnapshot, readSettledAdjustments } from '../db/settlement-totals.js';
import type { AppDependencies } from '../dependencies.js';
import { type NetworkSummary, networkSummary } from '../domain/settlement/summary.js';
import { parseTotals } from '../domain/settlement/totals.js';
import { giftCardLiabilityReport } from '../gift-cards/liability.js';

/**
 * The network summary from the running totals: rows per partner and kind, never a scan of transfers;
 * with the gift card liability now (a row per currency, read from the cards' running balances).
 */
export async function readNetworkSummary(
  context: Pick<AppDependencies, 'db' | 'config' | 'clock' | 'ids'>,
): Promise<NetworkSummary & { giftCardLiability: Awaited<ReturnType<typeof giftCardLiabilityReport>> }> {
  const { db, config } = context;
  const snapshot = await readCloseSnapshot(db);
  const settled = await readSettledAdjustments(db);
  const summary = networkSummary({
    referenceCurrency: config.referenceCurrency,
    pointValue: config.pointValueText,
    sequence: snapshot.sequence,
    totals: snapshot.totals,
    lastSettlement:
      snapshot.latest === undefined
        ? undefined
        : {
            id: snapshot.latest.id,
            number: snapshot.latest.number,
            toSequence: snapshot.latest.toSequence,
            totals: parseTotals(snapshot.latest.cumulative),
          },
    adjustmentsSettled: settled,
    adjustmentsPending: snapshot.adjustments,
  });
  return { ...summary, giftCardLiability: await giftCardLiabilityReport(context) };
}

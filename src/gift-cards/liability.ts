import { latestFxSnapshot } from '../db/fx.js';
import { giftCardLiability, giftCardMoneyMoved } from '../db/gift-cards.js';
import type { LedgerContext } from '../dependencies.js';
import { formatMoney } from '../domain/money.js';
import { add, divide, rational } from '../domain/rational.js';
import {
  exactDecimal,
  minorToMajor,
  roundToMinor,
  storedDecimal,
  wireAmount,
} from '../domain/settlement/amounts.js';

const money = (amountMinor: number, currency: string) =>
  formatMoney({ amountMinor: BigInt(amountMinor), currency });

/**
 * What the network owes on gift cards: per currency, what was issued, bought at partners, refunded,
 * what is left on live cards (the liability) and on expired ones; and the live balance in the
 * reference currency at the newest FX snapshot, exactly and rounded.
 */
export async function giftCardLiabilityReport(context: LedgerContext) {
  const nowMs = context.clock();
  const cards = await giftCardLiability(context.db, nowMs);
  const moved = await giftCardMoneyMoved(context.db);
  const snapshot = await latestFxSnapshot(context.db);
  const reference = context.config.referenceCurrency;
  let total = rational(0n);
  let unconverted = false;
  const currencies = cards.map((row) => {
    const spent = moved.find((entry) => entry.currency === row.currency && entry.kind === 'gift_card_spend');
    const refunded = moved.find(
      (entry) => entry.currency === row.currency && entry.kind === 'gift_card_refund',
    );
    const rateText = row.currency === reference ? '1' : snapshot?.rates[row.currency];
    if (rateText === undefined) unconverted = true;
    else
      total = add(
        total,
        divide(minorToMajor(BigInt(row.outstandingMinor), row.currency), storedDecimal(rateText, 'rate')),
      );
    return {
      currency: row.currency,
      cards: Number(row.cards),
      points: Number(row.points),
      issued: money(Number(row.issuedMinor), row.currency),
      spent: money(Number(spent?.amountMinor ?? 0), row.currency),
      refunded: money(Number(refunded?.amountMinor ?? 0), row.currency),
      outstanding: money(Number(row.outstandingMinor), row.currency),
      expired: money(Number(row.expiredMinor), row.currency),
    };
  });
  return {
    asOf: new Date(nowMs).toISOString(),
    currencies,
    outstandingReference: {
      fxSnapshotId: snapshot?.id ?? null,
      exact: unconverted ? null : exactDecimal(total),
      amount: unconverted ? null : wireAmount(roundToMinor(total, reference), reference),
    },
  };
}

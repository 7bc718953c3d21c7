import type { LedgerContext } from '../dependencies.js';
import { payoutForPoints, pointsEarned } from '../domain/conversion.js';
import { type DomainError, domainError, isDomainError, type RefusalOf } from '../domain/errors.js';
import { formatMoney } from '../domain/money.js';
import { rational } from '../domain/rational.js';
import { currentRate, moneyFromWire, PRICING_REFUSALS, partnerPricing } from './pricing.js';

/** What a quote can be refused with. */
export const QUOTE_REFUSALS = ['validation_failed', ...PRICING_REFUSALS] as const;

export interface QuoteRequest {
  readonly amount?: string | undefined;
  readonly points?: number | undefined;
  readonly currency: string;
  readonly category?: string | undefined;
}

export interface Quote {
  readonly points: number;
  readonly value: { amount: string; currency: string };
  readonly fx: { snapshotId: string; rate: string };
}

/** Amount -> points this partner would award; or points -> what they are worth in a currency. */
export async function quote(
  context: LedgerContext,
  partnerId: string,
  request: QuoteRequest,
): Promise<Quote | DomainError<RefusalOf<typeof QUOTE_REFUSALS>>> {
  if ((request.amount === undefined) === (request.points === undefined)) {
    return domainError('validation_failed', 'Give either "amount" or "points" (with "currency").');
  }
  const rate = await currentRate(context, request.currency);
  if (isDomainError(rate)) return rate;
  const fx = { snapshotId: rate.snapshotId, rate: rate.rateText };
  if (request.amount !== undefined) {
    const pricing = await partnerPricing(context, partnerId);
    const money = moneyFromWire({ amount: request.amount, currency: request.currency });
    if (isDomainError(money)) return money;
    const multiplier =
      (request.category === undefined
        ? undefined
        : pricing.terms.categoryMultipliers.get(request.category)) ?? rational(1n);
    const points = pointsEarned({
      lines: [{ amountMinor: money.amountMinor, multiplier }],
      currency: money.currency,
      fxRate: rate.rate,
      earnRate: pricing.terms.earnRate,
    });
    return { points: Number(points), value: formatMoney(money), fx };
  }
  const points = request.points ?? 0;
  const valueMinor = payoutForPoints({
    points: BigInt(points),
    pointValue: context.config.pointValue,
    fxRate: rate.rate,
    currency: request.currency,
  });
  return { points, value: formatMoney({ amountMinor: valueMinor, currency: request.currency }), fx };
}

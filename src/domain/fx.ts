/**
 * FX snapshots: what the operator publishes (`1 reference = rate units of currency`) and how a
 * rate is looked up for a transaction. Pure; the data layer stores and loads the snapshots.
 */
import { isCurrency } from './currencies.js';
import { isDecimalError, parseDecimal } from './decimal.js';
import { type DomainError, domainError } from './errors.js';
import { compare, isZero, type Rational, rational } from './rational.js';

export interface FxSnapshot {
  id: string;
  referenceCurrency: string;
  asOfMs: number;
  createdAtMs: number;
  /** Currency code -> decimal rate string, exactly as published. */
  rates: Readonly<Record<string, string>>;
}

/** A missing or too old rate: a 422 naming the currency, never a guess. */
export const RATE_REFUSALS = ['fx_rate_missing', 'fx_rate_stale'] as const;

export type RateLookup = { rate: Rational; rateText: string } | DomainError<(typeof RATE_REFUSALS)[number]>;

export const FX_RATE_MAX_DECIMALS = 12;
export const FX_SNAPSHOT_MAX_RATES = 500;
/** A snapshot may be dated slightly ahead to absorb clock skew between the operator and us. */
export const FX_AS_OF_MAX_FUTURE_MS = 5 * 60 * 1000;

const ONE = rational(1n);
const HOUR_MS = 60 * 60 * 1000;

/**
 * The rate for `currency` in the snapshot. The reference currency is 1 by definition, even
 * when not listed, and does not go stale. Any other rate older than `maxAgeHours` is refused:
 * a missing or too old rate is a 422, never a guess.
 */
export function rateFor(
  snapshot: Pick<FxSnapshot, 'id' | 'referenceCurrency' | 'asOfMs' | 'rates'> | undefined,
  currency: string,
  options: { nowMs: number; maxAgeHours: number },
): RateLookup {
  if (snapshot === undefined) {
    return domainError(
      'fx_rate_missing',
      `No FX snapshot has been published, so there is no rate for ${currency}.`,
      { currency },
    );
  }
  if (currency === snapshot.referenceCurrency) return { rate: ONE, rateText: '1' };
  const rateText = Object.hasOwn(snapshot.rates, currency) ? snapshot.rates[currency] : undefined;
  if (rateText === undefined) {
    return domainError(
      'fx_rate_missing',
      `FX snapshot ${snapshot.id} has no rate for ${currency}; the operator must publish one.`,
      {
        currency,
        fxSnapshotId: snapshot.id,
      },
    );
  }
  if (options.nowMs - snapshot.asOfMs > options.maxAgeHours * HOUR_MS) {
    const asOf = new Date(snapshot.asOfMs).toISOString();
    return domainError(
      'fx_rate_stale',
      `The newest rate for ${currency} is as of ${asOf} (snapshot ${snapshot.id}), older than the ${options.maxAgeHours}-hour limit.`,
      { currency, asOf, fxSnapshotId: snapshot.id },
    );
  }
  const rate = parseDecimal(rateText, { maxDecimals: FX_RATE_MAX_DECIMALS });
  // Rates are validated when published; an unreadable stored rate is corruption, not bad input.
  if (isDecimalError(rate) || isZero(rate))
    throw new RangeError(`FX snapshot ${snapshot.id} holds an invalid rate for ${currency}`);
  return { rate, rateText };
}

/**
 * Checks the rates of a snapshot about to be published: ISO 4217 codes, positive decimals with
 * at most 12 decimals, and the reference currency (if given at all) exactly 1. Returns the rates
 * with their codes sorted, so equal snapshots are stored identically.
 */
export function checkPublishedRates(
  rates: Readonly<Record<string, string>>,
  referenceCurrency: string,
): Record<string, string> | DomainError<'unknown_currency' | 'too_many_decimals' | 'invalid_amount'> {
  const codes = Object.keys(rates).sort();
  for (const code of codes) {
    if (!isCurrency(code)) {
      const shown = code.length > 12 ? `${code.slice(0, 12)}…` : code;
      return domainError(
        'unknown_currency',
        `rates: ${JSON.stringify(shown)} is not an ISO 4217 currency code.`,
        { currency: shown },
      );
    }
    const rate = parseDecimal(rates[code] ?? '', { maxDecimals: FX_RATE_MAX_DECIMALS });
    if (isDecimalError(rate)) {
      return domainError(
        rate.code === 'too_many_decimals' ? 'too_many_decimals' : 'invalid_amount',
        `rates.${code}: ${rate.detail}`,
        { currency: code },
      );
    }
    if (isZero(rate))
      return domainError('invalid_amount', `rates.${code}: a rate must be greater than zero.`, {
        currency: code,
      });
    if (code === referenceCurrency && compare(rate, ONE) !== 0) {
      return domainError(
        'invalid_amount',
        `rates.${code}: ${code} is the reference currency, so its rate is 1; omit it or send "1".`,
        { currency: code },
      );
    }
  }
  return Object.fromEntries(codes.map((code) => [code, rates[code] ?? '']));
}

/** A snapshot may not claim to be from further in the future than the allowed clock skew. */
export function checkAsOf(asOfMs: number, nowMs: number): DomainError<'validation_failed'> | undefined {
  if (asOfMs - nowMs <= FX_AS_OF_MAX_FUTURE_MS) return undefined;
  const message = `must not be more than ${FX_AS_OF_MAX_FUTURE_MS / 60_000} minutes in the future (now is ${new Date(nowMs).toISOString()})`;
  return domainError('validation_failed', `json.asOf: ${message}`, {
    errors: [{ path: 'json.asOf', message }],
  });
}

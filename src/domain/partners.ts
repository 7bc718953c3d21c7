import { isCurrency } from './currencies.js';
import { isDecimalError, parseDecimal } from './decimal.js';
import { type DomainError, domainError } from './errors.js';
import type { Rational } from './rational.js';

export const SECTORS = [
  'hotel',
  'retail',
  'pharmacy',
  'restaurant',
  'grocery',
  'travel',
  'fuel',
  'entertainment',
  'services',
  'other',
] as const;
export type Sector = (typeof SECTORS)[number];

/** Commercial terms, decimal strings in the reference currency as stored and sent on the wire. */
export interface PartnerTerms {
  readonly earnRate: string;
  readonly issuePrice: string;
  readonly redeemRate: string;
  readonly categoryMultipliers: Readonly<Record<string, string>>;
}

/** The same terms as exact rationals, for conversion. */
export interface ParsedTerms {
  readonly earnRate: Rational;
  readonly issuePrice: Rational;
  readonly redeemRate: Rational;
  readonly categoryMultipliers: ReadonlyMap<string, Rational>;
}

const TERM_MAX_DECIMALS = 8;

export function parseTerms(terms: PartnerTerms): ParsedTerms | DomainError<'invalid_amount'> {
  const parsed: Record<string, Rational> = {};
  for (const name of ['earnRate', 'issuePrice', 'redeemRate'] as const) {
    const value = parseDecimal(terms[name], { maxDecimals: TERM_MAX_DECIMALS });
    if (isDecimalError(value)) return domainError('invalid_amount', `${name}: ${value.detail}`);
    parsed[name] = value;
  }
  const multipliers = new Map<string, Rational>();
  for (const [category, text] of Object.entries(terms.categoryMultipliers)) {
    const value = parseDecimal(text, { maxDecimals: TERM_MAX_DECIMALS });
    if (isDecimalError(value))
      return domainError('invalid_amount', `categoryMultipliers.${category}: ${value.detail}`);
    multipliers.set(category, value);
  }
  return {
    earnRate: parsed.earnRate as Rational,
    issuePrice: parsed.issuePrice as Rational,
    redeemRate: parsed.redeemRate as Rational,
    categoryMultipliers: multipliers,
  };
}

export function checkSettlementCurrency(currency: string): DomainError<'unknown_currency'> | undefined {
  return isCurrency(currency)
    ? undefined
    : domainError('unknown_currency', `"${currency}" is not an ISO 4217 currency.`, { currency });
}

/**
 * A partner's qualifying rule: qualifying credits per point earned (decimal string, default 1);
 * 0 means purchases at the partner never count towards a tier.
 */
export function checkQualifyingRule(text: string): DomainError<'invalid_amount'> | undefined {
  const value = parseDecimal(text, { maxDecimals: TERM_MAX_DECIMALS });
  return isDecimalError(value)
    ? domainError('invalid_amount', `qualifyingCreditsPerPoint: ${value.detail}`)
    : undefined;
}

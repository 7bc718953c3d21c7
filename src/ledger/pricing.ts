import { type FxSnapshot, latestFxSnapshot } from '../db/fx.js';
import { findPartner, type PartnerRow } from '../db/partners.js';
import type { LedgerContext } from '../dependencies.js';
import { isCurrency } from '../domain/currencies.js';
import { type DomainError, domainError, isDomainError } from '../domain/errors.js';
import { RATE_REFUSALS, rateFor } from '../domain/fx.js';
import { isMoneyError, type Money, parseMoney } from '../domain/money.js';
import { type ParsedTerms, parseTerms } from '../domain/partners.js';
import type { Rational } from '../domain/rational.js';

type RateRefusal = (typeof RATE_REFUSALS)[number];

export interface WireMoney {
  readonly amount: string;
  readonly currency: string;
}

/** Why an amount of money on the wire is refused. */
export const MONEY_REFUSALS = ['unknown_currency', 'invalid_amount', 'too_many_decimals'] as const;
export type MoneyRefusal = (typeof MONEY_REFUSALS)[number];

/** What converting money at today's rates can be refused with. */
export const PRICING_REFUSALS = [...MONEY_REFUSALS, ...RATE_REFUSALS] as const;
export type PricingRefusal = (typeof PRICING_REFUSALS)[number];

/** Parses wire money into minor units, as a domain error on refusal. */
export function moneyFromWire(
  money: WireMoney,
  options: { allowZero?: boolean } = {},
): Money | DomainError<MoneyRefusal> {
  const parsed = parseMoney(money.amount, money.currency, options);
  if (isMoneyError(parsed)) {
    const code = parsed.code === 'negative_not_allowed' ? 'invalid_amount' : parsed.code;
    return domainError(code, parsed.detail, { currency: money.currency });
  }
  // Minor units are stored as SQLite integers and read back as JS numbers: beyond 2^53 they
  // would silently lose precision (or become REAL), so such an amount is refused, never rounded.
  if (parsed.amountMinor > MAX_AMOUNT_MINOR) {
    return domainError(
      'invalid_amount',
      `The amount is too large: at most ${MAX_AMOUNT_MINOR} minor units of ${money.currency}.`,
      { currency: money.currency },
    );
  }
  return parsed;
}

/** The largest amount, in minor units, that stays exact through the database and JSON. */
export const MAX_AMOUNT_MINOR = BigInt(Number.MAX_SAFE_INTEGER);

export interface PartnerPricing {
  readonly partner: PartnerRow;
  readonly terms: ParsedTerms;
}

/** The terms of the partner whose token was verified. */
export async function partnerPricing(context: LedgerContext, partnerId: string): Promise<PartnerPricing> {
  return pricingOf(partnerId, await findPartner(context.db, partnerId));
}

/**
 * A partner's parsed terms, from its row as read. Partners are never deleted and their terms are
 * checked when written, so a partner whose token verified always has a row and readable terms:
 * anything else is corruption, not a refusal.
 */
export function pricingOf(partnerId: string, partner: PartnerRow | undefined): PartnerPricing {
  if (partner === undefined) throw new Error(`partner ${partnerId} has no row`);
  const terms = parseTerms({
    earnRate: partner.earnRate,
    issuePrice: partner.issuePrice,
    redeemRate: partner.redeemRate,
    categoryMultipliers: JSON.parse(partner.categoryMultipliers) as Record<string, string>,
  });
  if (isDomainError(terms)) throw new Error(`partner ${partnerId} has unreadable terms: ${terms.detail}`);
  return { partner, terms };
}

export interface RateInUse {
  readonly snapshotId: string;
  readonly rate: Rational;
  readonly rateText: string;
}

/** The rate of the newest FX snapshot for a currency; missing or too old is a 422 naming it. */
export async function currentRate(
  context: LedgerContext,
  currency: string,
): Promise<RateInUse | DomainError<'unknown_currency' | RateRefusal>> {
  if (!isCurrency(currency))
    return domainError('unknown_currency', `"${currency}" is not an ISO 4217 currency.`, { currency });
  return rateIn(context, await latestFxSnapshot(context.db), currency);
}

/** The rate for a currency in the snapshot in force, as read; missing or too old is a 422 naming it. */
export function rateIn(
  context: Pick<LedgerContext, 'config' | 'clock'>,
  snapshot: FxSnapshot | undefined,
  currency: string,
): RateInUse | DomainError<RateRefusal> {
  if (snapshot !== undefined && snapshot.referenceCurrency !== context.config.referenceCurrency) {
    return domainError(
      'fx_rate_missing',
      `The newest FX snapshot is quoted in ${snapshot.referenceCurrency}, not the reference currency ${context.config.referenceCurrency}; publish a new one.`,
      { currency },
    );
  }
  const found = rateFor(snapshot, currency, {
    nowMs: context.clock(),
    maxAgeHours: context.config.fxMaxAgeHours,
  });
  if (isDomainError(found)) return found;
  return { snapshotId: snapshot?.id ?? 'reference', rate: found.rate, rateText: found.rateText };
}

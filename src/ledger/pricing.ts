import { type FxSnapshot, latestFxSnapshot } from '../db/fx.js';
import { findPartner, type PartnerRow } from '../db/partners.js';
import type { LedgerContext } from '../dependencies.js';
import { isCurrency } from '../domain/currencies.js';
import { type DomainError, domainError, isDomainError } from '../domain/errors.js';
import { rateFor } from '../domain/fx.js';
import { isMoneyError, type Money, parseMoney } from '../domain/money.js';
import { type ParsedTerms, parseTerms } from '../domain/partners.js';
import type { Rational } from '../domain/rational.js';

export interface WireMoney {
  readonly amount: string;
  readonly currency: string;
}

/** Parses wire money into minor units, as a domain error on refusal. */
export function moneyFromWire(money: WireMoney, options: { allowZero?: boolean } = {}): Money | DomainError {
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

export async function partnerPricing(
  context: LedgerContext,
  partnerId: string,
): Promise<PartnerPricing | DomainError> {
  return pricingOf(partnerId, await findPartner(context.db, partnerId));
}

/** A partner's parsed terms, from its row as read. */
export function pricingOf(partnerId: string, partner: PartnerRow | undefined): PartnerPricing | DomainError {
  if (partner === undefined) return domainError('partner_not_found', `Partner ${partnerId} does not exist.`);
  const terms = parseTerms({
    earnRate: partner.earnRate,
    issuePrice: partner.issuePrice,
    redeemRate: partner.redeemRate,
    categoryMultipliers: JSON.parse(partner.categoryMultipliers) as Record<string, string>,
  });
  return isDomainError(terms) ? terms : { partner, terms };
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
): Promise<RateInUse | DomainError> {
  if (!isCurrency(currency))
    return domainError('unknown_currency', `"${currency}" is not an ISO 4217 currency.`, { currency });
  return rateIn(context, await latestFxSnapshot(context.db), currency);
}

/** The rate for a currency in the snapshot in force, as read; missing or too old is a 422 naming it. */
export function rateIn(
  context: Pick<LedgerContext, 'config' | 'clock'>,
  snapshot: FxSnapshot | undefined,
  currency: string,
): RateInUse | DomainError {
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

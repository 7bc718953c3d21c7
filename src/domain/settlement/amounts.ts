import { currencyExponent } from '../currencies.js';
import { formatMoney } from '../money.js';
import { multiply, type Rational, rational, roundHalfEven, subtract } from '../rational.js';
import { parseUnitPrice, unitPriceText } from '../unit-price.js';

/** Money on the wire: a decimal string with the currency's decimals, negative when owed the other way. */
export interface WireAmount {
  readonly amount: string;
  readonly currency: string;
}

/**
 * The exact form of a value: a decimal when it terminates, which every product of decimal inputs
 * (points, prices, rates, the point value) does; otherwise the reduced fraction `n/d`. A fraction
 * appears only where an amount was divided by a rate (a gift card spent in one currency, paid to a
 * partner in another, converted through the reference currency) or a price per point does not
 * terminate (a catalogue item's): the exact figure is shown as it is, never rounded away.
 */
export function exactDecimal(value: Rational): string {
  return unitPriceText(value);
}

/**
 * Parses a stored decimal (term, rate, exact amount) or exact fraction (a unit price per point, an
 * exact amount that does not terminate); a stored value that does not parse is corruption.
 */
export function storedDecimal(text: string, what: string): Rational {
  const value = parseUnitPrice(text);
  if (value === undefined) throw new RangeError(`${what}: ${JSON.stringify(text)} is not a decimal`);
  return value;
}

function minorPerMajor(currency: string): bigint {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) throw new RangeError(`Unknown currency ${JSON.stringify(currency)}`);
  return 10n ** BigInt(exponent);
}

/** A value in major units rounded half-even to the currency's minor unit. */
export function roundToMinor(valueMajor: Rational, currency: string): bigint {
  return roundHalfEven(multiply(valueMajor, rational(minorPerMajor(currency))));
}

export function minorToMajor(amountMinor: bigint, currency: string): Rational {
  return rational(amountMinor, minorPerMajor(currency));
}

export function wireAmount(amountMinor: bigint, currency: string): WireAmount {
  return formatMoney({ amountMinor, currency });
}

/** What rounding added to an exact value: rounded minus exact, in major units, exactly. */
export function residue(roundedMinor: bigint, exact: Rational, currency: string): string {
  return exactDecimal(subtract(minorToMajor(roundedMinor, currency), exact));
}

export function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER))
    throw new RangeError(`${what} ${value} is beyond the safe integer range`);
  return Number(value);
}

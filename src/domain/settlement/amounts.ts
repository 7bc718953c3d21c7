import { currencyExponent } from '../currencies.js';
import { isDecimalError, parseDecimal } from '../decimal.js';
import { formatMoney } from '../money.js';
import { multiply, type Rational, rational, roundHalfEven, subtract } from '../rational.js';

/** Money on the wire: a decimal string with the currency's decimals, negative when owed the other way. */
export interface WireAmount {
  readonly amount: string;
  readonly currency: string;
}

const MAX_EXACT_DECIMALS = 60;

/**
 * The exact decimal form of a value. Every settlement value is a product of decimal inputs (points,
 * prices, rates, the point value), so it always terminates; anything else is a bug.
 */
export function exactDecimal(value: Rational): string {
  let scale = 0;
  let power = 1n;
  while ((value.numerator * power) % value.denominator !== 0n) {
    scale += 1;
    power *= 10n;
    if (scale > MAX_EXACT_DECIMALS)
      throw new RangeError(`${value.numerator}/${value.denominator} is not a terminating decimal`);
  }
  const scaled = (value.numerator * power) / value.denominator;
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(scale + 1, '0');
  const integerPart = digits.slice(0, digits.length - scale);
  const fraction = scale === 0 ? '' : `.${digits.slice(digits.length - scale)}`;
  return `${negative ? '-' : ''}${integerPart}${fraction}`;
}

/** Parses a stored decimal (term, rate, exact amount); a stored value that does not parse is corruption. */
export function storedDecimal(text: string, what: string): Rational {
  const value = parseDecimal(text, { allowNegative: true });
  if (isDecimalError(value)) throw new RangeError(`${what}: ${JSON.stringify(text)} is not a decimal`);
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

/**
 * Currency-neutral conversion between merchant currencies, the network's
 * reference currency and points. Every computation stays exact and rounds
 * exactly once at the end, so results never depend on how a basket is split
 * or in which order lines are summed.
 *
 * Conventions: an FX rate means "1 reference unit = rate units of currency";
 * an earn rate is points per 1 major unit of reference currency; a point value
 * is reference-currency major units per point.
 */
import { currencyExponent } from './currencies.js';
import {
  add,
  ceil,
  divide,
  floor,
  isNegative,
  isZero,
  multiply,
  type Rational,
  rational,
  roundHalfEven,
} from './rational.js';

export interface EarnLine {
  amountMinor: bigint;
  multiplier: Rational;
}

export interface PointsEarnedInput {
  lines: ReadonlyArray<EarnLine>;
  currency: string;
  fxRate: Rational;
  earnRate: Rational;
}

export interface PayoutForPointsInput {
  points: bigint;
  pointValue: Rational;
  fxRate: Rational;
  currency: string;
}

export interface PointsToCoverInput {
  amountMinor: bigint;
  currency: string;
  pointValue: Rational;
  fxRate: Rational;
}

function minorUnitsPerMajor(currency: string): Rational {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) {
    throw new RangeError(`Unknown currency ${JSON.stringify(currency)}`);
  }
  return rational(10n ** BigInt(exponent));
}

// Rates come from validated configuration; a non-positive one is a bug that
// would otherwise silently turn earning into burning.
function assertPositive(value: Rational, name: string): void {
  if (isNegative(value) || isZero(value)) {
    throw new RangeError(`${name} must be positive; got ${value.numerator}/${value.denominator}`);
  }
}

function assertNotNegative(value: Rational, name: string): void {
  if (isNegative(value)) {
    throw new RangeError(`${name} must not be negative; got ${value.numerator}/${value.denominator}`);
  }
}

/** The exact reference-currency value of an amount given in minor units of `currency`. */
export function referenceValueOfAmount(amountMinor: bigint, currency: string, fxRate: Rational): Rational {
  const scale = minorUnitsPerMajor(currency);
  assertPositive(fxRate, 'fxRate');
  return divide(divide(rational(amountMinor), scale), fxRate);
}

/** Points for a basket: the exact sum over all lines, floored once so customers never get fractions for free. */
export function pointsEarned(input: PointsEarnedInput): bigint {
  const scale = minorUnitsPerMajor(input.currency);
  assertPositive(input.fxRate, 'fxRate');
  assertNotNegative(input.earnRate, 'earnRate');
  let weightedMinor = rational(0n);
  for (const line of input.lines) {
    assertNotNegative(line.multiplier, 'multiplier');
    weightedMinor = add(weightedMinor, multiply(rational(line.amountMinor), line.multiplier));
  }
  const weightedReference = divide(divide(weightedMinor, scale), input.fxRate);
  return floor(multiply(weightedReference, input.earnRate));
}

/** Reference value into minor units of `currency`, rounded half-even to the minor unit. */
export function convertReferenceToMinor(value: Rational, currency: string, fxRate: Rational): bigint {
  const scale = minorUnitsPerMajor(currency);
  assertPositive(fxRate, 'fxRate');
  return roundHalfEven(multiply(multiply(value, fxRate), scale));
}

/** Money (minor units of `currency`) that `points` are worth, rounded half-even to the minor unit. */
export function payoutForPoints(input: PayoutForPointsInput): bigint {
  assertNotNegative(input.pointValue, 'pointValue');
  return convertReferenceToMinor(
    multiply(rational(input.points), input.pointValue),
    input.currency,
    input.fxRate,
  );
}

/** Points needed to cover an amount, rounded up so the points are always worth at least the amount. */
export function pointsToCover(input: PointsToCoverInput): bigint {
  assertPositive(input.pointValue, 'pointValue');
  const referenceValue = referenceValueOfAmount(input.amountMinor, input.currency, input.fxRate);
  return ceil(divide(referenceValue, input.pointValue));
}

/**
 * floor(total * part / whole): the share of `total` belonging to `part` of
 * `whole`. Flooring means shares of any split of `whole` never sum above
 * `total`, so partial reversals can never give back more than was granted.
 */
export function proportionalPart(total: bigint, part: bigint, whole: bigint): bigint {
  if (whole <= 0n) throw new RangeError(`whole must be positive; got ${whole}`);
  if (part < 0n) throw new RangeError(`part must not be negative; got ${part}`);
  if (part > whole) throw new RangeError(`part ${part} must not exceed whole ${whole}`);
  if (total < 0n) throw new RangeError(`total must not be negative; got ${total}`);
  return (total * part) / whole;
}

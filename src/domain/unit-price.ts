import { isDecimalError, parseDecimal } from './decimal.js';
import { divide, type Rational, rational } from './rational.js';

/**
 * A unit price per point, as recorded on a transfer (`transfers.unit_price`). Terms and the point
 * value are decimals; a catalogue item's fixed price per point is its settlement price divided by its
 * price in points (40.00 EUR for 3,000 points is 1/75 EUR per point), which need not terminate. Such a
 * price is written exactly as a reduced fraction `n/d` rather than rounded: every capture moves the
 * item's whole price in points, so `points × price` is the settlement price again, exactly, and the
 * statements still add up to the cent. A price that terminates stays a decimal, as before.
 */
export function unitPriceText(value: Rational): string {
  const terminating = terminatingDecimal(value);
  return terminating ?? `${value.numerator}/${value.denominator}`;
}

/** The price per point of a total price for a number of points. */
export function pricePerPoint(total: Rational, points: bigint): string {
  return unitPriceText(divide(total, rational(points)));
}

/** Parses a recorded unit price: a decimal or a fraction `n/d`; undefined when it is neither. */
export function parseUnitPrice(text: string): Rational | undefined {
  const fraction = /^(-?\d+)\/(\d+)$/.exec(text);
  if (fraction !== null) {
    const denominator = BigInt(fraction[2] ?? '0');
    return denominator === 0n ? undefined : rational(BigInt(fraction[1] ?? '0'), denominator);
  }
  const value = parseDecimal(text, { allowNegative: true });
  return isDecimalError(value) ? undefined : value;
}

/** The decimal form of a value whose denominator has no prime factor but 2 and 5; undefined otherwise. */
export function terminatingDecimal(value: Rational): string | undefined {
  let denominator = value.denominator;
  let twos = 0;
  let fives = 0;
  while (denominator % 2n === 0n) {
    denominator /= 2n;
    twos += 1;
  }
  while (denominator % 5n === 0n) {
    denominator /= 5n;
    fives += 1;
  }
  if (denominator !== 1n) return undefined;
  const scale = Math.max(twos, fives);
  const scaled = (value.numerator * 10n ** BigInt(scale)) / value.denominator;
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(scale + 1, '0');
  const integerPart = digits.slice(0, digits.length - scale);
  const fractionPart = scale === 0 ? '' : `.${digits.slice(digits.length - scale)}`;
  return `${negative ? '-' : ''}${integerPart}${fractionPart}`;
}

/**
 * Exact rational numbers on bigint. Money math goes through here so that no
 * intermediate value is ever rounded; rounding happens only where a caller
 * explicitly asks for floor, ceil or half-even.
 */
export interface Rational {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

function absolute(value: bigint): bigint {
  return value < 0n ? -value : value;
}

function greatestCommonDivisor(first: bigint, second: bigint): bigint {
  let a = absolute(first);
  let b = absolute(second);
  while (b !== 0n) {
    const remainder = a % b;
    a = b;
    b = remainder;
  }
  return a;
}

/**
 * Builds a reduced rational with a positive denominator, so that equal values
 * always have equal representations and structural comparison works.
 */
export function rational(numerator: bigint, denominator: bigint = 1n): Rational {
  if (denominator === 0n) {
    throw new RangeError('Rational denominator must not be zero');
  }
  const sign = denominator < 0n ? -1n : 1n;
  const divisor = greatestCommonDivisor(numerator, denominator);
  // divisor is 0 only when numerator is 0 and denominator is 0, excluded above.
  return {
    numerator: (sign * numerator) / divisor,
    denominator: (sign * denominator) / divisor,
  };
}

export function add(a: Rational, b: Rational): Rational {
  return rational(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator);
}

export function negate(a: Rational): Rational {
  return { numerator: -a.numerator, denominator: a.denominator };
}

export function subtract(a: Rational, b: Rational): Rational {
  return add(a, negate(b));
}

export function multiply(a: Rational, b: Rational): Rational {
  return rational(a.numerator * b.numerator, a.denominator * b.denominator);
}

export function divide(a: Rational, b: Rational): Rational {
  if (b.numerator === 0n) {
    throw new RangeError('Division of a rational by zero');
  }
  return rational(a.numerator * b.denominator, a.denominator * b.numerator);
}

export function compare(a: Rational, b: Rational): -1 | 0 | 1 {
  // Denominators are positive, so cross-multiplication preserves the order.
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  if (left < right) return -1;
  if (left > right) return 1;
  return 0;
}

export function isZero(a: Rational): boolean {
  return a.numerator === 0n;
}

export function isNegative(a: Rational): boolean {
  return a.numerator < 0n;
}

export function floor(a: Rational): bigint {
  // bigint division truncates toward zero, which is one too high for
  // negative non-integers.
  const quotient = a.numerator / a.denominator;
  if (a.numerator < 0n && a.numerator % a.denominator !== 0n) return quotient - 1n;
  return quotient;
}

export function ceil(a: Rational): bigint {
  return -floor(negate(a));
}

/** Banker's rounding: ties go to the even neighbour so repeated rounding has no drift. */
export function roundHalfEven(a: Rational): bigint {
  const lower = floor(a);
  const twiceFraction = 2n * (a.numerator - lower * a.denominator);
  if (twiceFraction < a.denominator) return lower;
  if (twiceFraction > a.denominator) return lower + 1n;
  return lower % 2n === 0n ? lower : lower + 1n;
}

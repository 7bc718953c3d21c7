import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  add,
  ceil,
  compare,
  divide,
  floor,
  isZero,
  multiply,
  type Rational,
  rational,
  roundHalfEven,
  subtract,
} from '../../src/domain/rational.js';

const numerators = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n });
const denominators = fc.bigInt({ min: 1n, max: 10n ** 9n });
const rationals: fc.Arbitrary<Rational> = fc.tuple(numerators, denominators).map(([n, d]) => rational(n, d));
const nonZeroRationals = rationals.filter((value) => value.numerator !== 0n);

function greatestCommonDivisor(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

describe('rational', () => {
  test('reduces by the greatest common divisor', () => {
    expect(rational(6n, 4n)).toEqual({ numerator: 3n, denominator: 2n });
    expect(rational(100n, 10n)).toEqual({ numerator: 10n, denominator: 1n });
  });

  test('moves the sign to the numerator', () => {
    expect(rational(1n, -2n)).toEqual({ numerator: -1n, denominator: 2n });
    expect(rational(-3n, -6n)).toEqual({ numerator: 1n, denominator: 2n });
  });

  test('normalises zero to 0/1 whatever the denominator', () => {
    expect(rational(0n, -5n)).toEqual({ numerator: 0n, denominator: 1n });
    expect(rational(0n, 7n)).toEqual({ numerator: 0n, denominator: 1n });
  });

  test('defaults the denominator to 1', () => {
    expect(rational(42n)).toEqual({ numerator: 42n, denominator: 1n });
  });

  test('throws RangeError on a zero denominator', () => {
    expect(() => rational(1n, 0n)).toThrow(RangeError);
  });

  test('always yields a positive denominator coprime with the numerator', () => {
    fc.assert(
      fc.property(
        numerators,
        fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }).filter((d) => d !== 0n),
        (n, d) => {
          const value = rational(n, d);
          expect(value.denominator > 0n).toBe(true);
          expect(greatestCommonDivisor(value.numerator, value.denominator)).toBe(1n);
          // Same value as n/d: cross products agree.
          expect(value.numerator * d).toBe(n * value.denominator);
        },
      ),
    );
  });
});

describe('arithmetic', () => {
  test('hand-checked examples', () => {
    expect(add(rational(1n, 2n), rational(1n, 3n))).toEqual(rational(5n, 6n));
    expect(subtract(rational(1n, 2n), rational(3n, 4n))).toEqual(rational(-1n, 4n));
    expect(multiply(rational(2n, 3n), rational(9n, 4n))).toEqual(rational(3n, 2n));
    expect(divide(rational(1n, 2n), rational(-1n, 4n))).toEqual(rational(-2n));
  });

  test('divide throws RangeError on division by zero', () => {
    expect(() => divide(rational(1n), rational(0n))).toThrow(RangeError);
  });

  test('add and multiply agree with the textbook cross-multiplication', () => {
    fc.assert(
      fc.property(rationals, rationals, (a, b) => {
        const sum = add(a, b);
        const product = multiply(a, b);
        expect(sum.numerator * a.denominator * b.denominator).toBe(
          (a.numerator * b.denominator + b.numerator * a.denominator) * sum.denominator,
        );
        expect(product.numerator * a.denominator * b.denominator).toBe(
          a.numerator * b.numerator * product.denominator,
        );
      }),
    );
  });

  test('subtract undoes add and divide undoes multiply', () => {
    fc.assert(
      fc.property(rationals, nonZeroRationals, (a, b) => {
        expect(subtract(add(a, b), b)).toEqual(a);
        expect(divide(multiply(a, b), b)).toEqual(a);
      }),
    );
  });
});

describe('compare and isZero', () => {
  test('orders values including negatives', () => {
    expect(compare(rational(1n, 3n), rational(1n, 2n))).toBe(-1);
    expect(compare(rational(-1n, 3n), rational(-1n, 2n))).toBe(1);
    expect(compare(rational(2n, 4n), rational(1n, 2n))).toBe(0);
  });

  test('is antisymmetric and consistent with subtraction', () => {
    // Equal pairs are generated on purpose: random pairs would almost never be equal.
    const pairs = fc.oneof(
      fc.tuple(rationals, rationals),
      rationals.map((value): [Rational, Rational] => [
        value,
        rational(value.numerator * 3n, value.denominator * 3n),
      ]),
    );
    fc.assert(
      fc.property(pairs, ([a, b]) => {
        const difference = subtract(a, b).numerator;
        const expected = difference < 0n ? -1 : difference > 0n ? 1 : 0;
        expect(compare(a, b)).toBe(expected);
        // Negating 0 yields -0, which toBe distinguishes from 0.
        expect(compare(b, a)).toBe(expected === 0 ? 0 : -expected);
      }),
    );
  });

  test('isZero only for zero', () => {
    expect(isZero(rational(0n, 9n))).toBe(true);
    expect(isZero(rational(1n, 10n ** 30n))).toBe(false);
    expect(isZero(rational(-1n, 3n))).toBe(false);
  });
});

describe('rounding', () => {
  test.each([
    [7n, 2n, 3n, 4n],
    [-7n, 2n, -4n, -3n],
    [-1n, 2n, -1n, 0n],
    [1n, 2n, 0n, 1n],
    [6n, 3n, 2n, 2n],
    [-6n, 3n, -2n, -2n],
    [0n, 1n, 0n, 0n],
    [999n, 1000n, 0n, 1n],
    [-1n, 1000n, -1n, 0n],
  ])('floor and ceil of %i/%i are %i and %i', (numerator, denominator, expectedFloor, expectedCeil) => {
    const value = rational(numerator, denominator);
    expect(floor(value)).toBe(expectedFloor);
    expect(ceil(value)).toBe(expectedCeil);
  });

  test.each([
    [5n, 2n, 2n],
    [7n, 2n, 4n],
    [-5n, 2n, -2n],
    [-7n, 2n, -4n],
    [1n, 2n, 0n],
    [-1n, 2n, 0n],
    [3n, 2n, 2n],
    [-3n, 2n, -2n],
    [51n, 100n, 1n],
    [49n, 100n, 0n],
    [-51n, 100n, -1n],
    [10n, 1n, 10n],
  ])('roundHalfEven(%i/%i) = %i', (numerator, denominator, expected) => {
    expect(roundHalfEven(rational(numerator, denominator))).toBe(expected);
  });

  test('floor(r) <= r < floor(r) + 1', () => {
    fc.assert(
      fc.property(numerators, denominators, (n, d) => {
        const result = floor(rational(n, d));
        expect(result * d <= n).toBe(true);
        expect(n < (result + 1n) * d).toBe(true);
      }),
    );
  });

  test('ceil(r) - 1 < r <= ceil(r)', () => {
    fc.assert(
      fc.property(numerators, denominators, (n, d) => {
        const result = ceil(rational(n, d));
        expect((result - 1n) * d < n).toBe(true);
        expect(n <= result * d).toBe(true);
      }),
    );
  });

  test('roundHalfEven is within 1/2 and breaks exact ties towards even', () => {
    fc.assert(
      fc.property(numerators, denominators, (n, d) => {
        const result = roundHalfEven(rational(n, d));
        const twiceError = 2n * (result * d - n);
        const absoluteTwiceError = twiceError < 0n ? -twiceError : twiceError;
        expect(absoluteTwiceError <= d).toBe(true);
        if (absoluteTwiceError === d) expect(result % 2n).toBe(0n);
      }),
    );
  });

  test('roundHalfEven on generated exact halves always lands on the even neighbour', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), (integer) => {
        const half = rational(2n * integer + 1n, 2n);
        const result = roundHalfEven(half);
        expect(result % 2n).toBe(0n);
        expect(result === integer || result === integer + 1n).toBe(true);
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatDecimal, isDecimalError, parseDecimal } from '../../src/domain/decimal.js';
import { rational } from '../../src/domain/rational.js';

describe('parseDecimal', () => {
  test.each([
    ['0', 0n, 1n],
    ['12', 12n, 1n],
    ['123.45', 2469n, 20n],
    ['007.50', 15n, 2n],
    ['0.001', 1n, 1000n],
    ['1.0850', 217n, 200n],
  ])('parses %j exactly', (text, numerator, denominator) => {
    expect(parseDecimal(text)).toEqual({ numerator, denominator });
  });

  test('parses negatives when allowed', () => {
    expect(parseDecimal('-2.5', { allowNegative: true })).toEqual({ numerator: -5n, denominator: 2n });
    expect(parseDecimal('-0', { allowNegative: true })).toEqual({ numerator: 0n, denominator: 1n });
  });

  test('keeps precision far beyond what a float could hold', () => {
    expect(parseDecimal('12345678901234567890.123456789')).toEqual(
      rational(12345678901234567890123456789n, 10n ** 9n),
    );
  });

  test.each([
    '',
    '-',
    '.5',
    '5.',
    '+5',
    ' 5',
    '5 ',
    '1e3',
    '1E3',
    '1,000',
    '1_000',
    '0x10',
    '١٢',
    '1.2.3',
    'NaN',
    'Infinity',
    '--1',
    '5.-1',
  ])('rejects %j as invalid_decimal', (text) => {
    const result = parseDecimal(text, { allowNegative: true });
    expect(isDecimalError(result)).toBe(true);
    expect(result).toMatchObject({ code: 'invalid_decimal' });
  });

  test('rejects strings longer than 40 characters even if well formed', () => {
    const fortyDigits = '1'.repeat(40);
    expect(isDecimalError(parseDecimal(fortyDigits))).toBe(false);
    expect(parseDecimal(`${fortyDigits}1`)).toMatchObject({ code: 'invalid_decimal' });
  });

  test('rejects negatives unless allowed', () => {
    expect(parseDecimal('-1')).toMatchObject({ code: 'negative_not_allowed' });
    expect(parseDecimal('-0.00')).toMatchObject({ code: 'negative_not_allowed' });
  });

  test('enforces maxDecimals, counting trailing zeros', () => {
    expect(parseDecimal('1.23', { maxDecimals: 2 })).toEqual(rational(123n, 100n));
    expect(parseDecimal('1.234', { maxDecimals: 2 })).toMatchObject({ code: 'too_many_decimals' });
    expect(parseDecimal('1.50', { maxDecimals: 1 })).toMatchObject({ code: 'too_many_decimals' });
    expect(parseDecimal('15', { maxDecimals: 0 })).toEqual(rational(15n));
    expect(parseDecimal('1.5', { maxDecimals: 0 })).toMatchObject({ code: 'too_many_decimals' });
  });

  test('error details quote the offending input', () => {
    const result = parseDecimal('1.234', { maxDecimals: 2 });
    expect(isDecimalError(result) && result.detail).toContain('"1.234"');
  });

  test('throws RangeError for a nonsensical maxDecimals', () => {
    expect(() => parseDecimal('1', { maxDecimals: -1 })).toThrow(RangeError);
    expect(() => parseDecimal('1', { maxDecimals: 1.5 })).toThrow(RangeError);
  });
});

describe('formatDecimal', () => {
  test.each([
    [rational(2469n, 20n), 2, '123.45'],
    [rational(15n, 2n), 2, '7.50'],
    [rational(1500n), 0, '1500'],
    [rational(5n, 4n), 3, '1.250'],
    [rational(1n, 10000n), 4, '0.0001'],
    [rational(-1n, 100n), 2, '-0.01'],
    [rational(-123n, 1n), 1, '-123.0'],
    [rational(0n), 2, '0.00'],
    [rational(0n), 0, '0'],
  ])('formats %o with %i decimals as %j', (value, decimals, expected) => {
    expect(formatDecimal(value, decimals)).toBe(expected);
  });

  test('throws RangeError when the value needs rounding', () => {
    expect(() => formatDecimal(rational(1n, 3n), 2)).toThrow(RangeError);
    expect(() => formatDecimal(rational(1n, 1000n), 2)).toThrow(RangeError);
    expect(() => formatDecimal(rational(1n, 2n), 0)).toThrow(RangeError);
  });

  test('throws RangeError for a negative number of decimals', () => {
    expect(() => formatDecimal(rational(1n), -1)).toThrow(RangeError);
  });
});

describe('isDecimalError', () => {
  test('distinguishes errors from rationals', () => {
    expect(isDecimalError(rational(1n))).toBe(false);
    expect(isDecimalError({ code: 'invalid_decimal', detail: 'x' })).toBe(true);
    expect(isDecimalError(null)).toBe(false);
  });
});

// Canonical decimal strings built without the code under test: optional sign,
// an integer part without superfluous leading zeros, and exactly `decimals` digits.
const canonicalDecimals = fc
  .record({
    negative: fc.boolean(),
    integerPart: fc.bigInt({ min: 0n, max: 10n ** 18n - 1n }),
    fraction: fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 0, maxLength: 18 }),
  })
  .map(({ negative, integerPart, fraction }) => {
    const isZeroValue = integerPart === 0n && /^0*$/.test(fraction);
    const sign = negative && !isZeroValue ? '-' : '';
    return {
      text: `${sign}${integerPart}${fraction.length > 0 ? `.${fraction}` : ''}`,
      decimals: fraction.length,
    };
  });

describe('round trip', () => {
  test('formatDecimal(parseDecimal(text)) gives the text back', () => {
    fc.assert(
      fc.property(canonicalDecimals, ({ text, decimals }) => {
        const parsed = parseDecimal(text, { allowNegative: true, maxDecimals: decimals });
        if (isDecimalError(parsed)) throw new Error(`unexpected error for ${text}: ${parsed.detail}`);
        expect(formatDecimal(parsed, decimals)).toBe(text);
      }),
    );
  });

  test('parseDecimal(formatDecimal(value)) gives the value back', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.integer({ min: 0, max: 8 }),
        (scaled, decimals) => {
          const value = rational(scaled, 10n ** BigInt(decimals));
          expect(parseDecimal(formatDecimal(value, decimals), { allowNegative: true })).toEqual(value);
        },
      ),
    );
  });
});

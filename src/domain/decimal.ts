import { type Rational, rational } from './rational.js';

export type DecimalError = {
  code: 'invalid_decimal' | 'too_many_decimals' | 'negative_not_allowed';
  detail: string;
};

export interface ParseDecimalOptions {
  maxDecimals?: number;
  allowNegative?: boolean;
}

// Only one spelling per value is accepted on the wire: exponents, "+", ".5" and
// "5." are all ambiguous across clients and languages, so they are refused.
const DECIMAL_PATTERN = /^(-?)(\d+)(?:\.(\d+))?$/;
// Bounds the bigint work an untrusted string can trigger.
const MAX_DECIMAL_LENGTH = 40;

function powerOfTen(exponent: number): bigint {
  return 10n ** BigInt(exponent);
}

function assertDigitCount(decimals: number, name: string): void {
  if (!Number.isSafeInteger(decimals) || decimals < 0) {
    throw new RangeError(`${name} must be a non-negative integer; got ${decimals}`);
  }
}

/**
 * Parses a plain decimal string exactly. Trailing zeros count as decimals
 * ("1.50" has two), because the wire form is strict rather than normalised.
 */
export function parseDecimal(text: string, options: ParseDecimalOptions = {}): Rational | DecimalError {
  if (options.maxDecimals !== undefined) assertDigitCount(options.maxDecimals, 'maxDecimals');

  const shown = JSON.stringify(
    text.length > MAX_DECIMAL_LENGTH ? `${text.slice(0, MAX_DECIMAL_LENGTH)}...` : text,
  );
  if (text.length > MAX_DECIMAL_LENGTH) {
    return {
      code: 'invalid_decimal',
      detail: `Decimal must be at most ${MAX_DECIMAL_LENGTH} characters; got ${shown}`,
    };
  }
  const match = DECIMAL_PATTERN.exec(text);
  if (match === null) {
    return { code: 'invalid_decimal', detail: `Expected a plain decimal such as "12.34"; got ${shown}` };
  }
  const [, sign = '', integerDigits = '', fractionDigits = ''] = match;

  if (sign === '-' && options.allowNegative !== true) {
    return { code: 'negative_not_allowed', detail: `Negative values are not allowed; got ${shown}` };
  }
  if (options.maxDecimals !== undefined && fractionDigits.length > options.maxDecimals) {
    return {
      code: 'too_many_decimals',
      detail: `At most ${options.maxDecimals} decimals are allowed; got ${shown}`,
    };
  }

  const magnitude = BigInt(integerDigits + fractionDigits);
  return rational(sign === '-' ? -magnitude : magnitude, powerOfTen(fractionDigits.length));
}

export function isDecimalError(value: unknown): value is DecimalError {
  return typeof value === 'object' && value !== null && 'code' in value && 'detail' in value;
}

/** Formats exactly; a value that would need rounding is a caller bug, not a display choice. */
export function formatDecimal(value: Rational, decimals: number): string {
  assertDigitCount(decimals, 'decimals');
  const scaledNumerator = value.numerator * powerOfTen(decimals);
  if (scaledNumerator % value.denominator !== 0n) {
    throw new RangeError(
      `${value.numerator}/${value.denominator} is not exactly representable with ${decimals} decimals`,
    );
  }
  const scaled = scaledNumerator / value.denominator;
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(decimals + 1, '0');
  const integerPart = digits.slice(0, digits.length - decimals);
  const fractionPart = digits.slice(digits.length - decimals);
  return `${negative ? '-' : ''}${integerPart}${decimals > 0 ? `.${fractionPart}` : ''}`;
}

import { currencyExponent } from './currencies.js';
import { formatDecimal, isDecimalError, parseDecimal } from './decimal.js';
import { isZero, multiply, type Rational, rational } from './rational.js';

export interface Money {
  readonly amountMinor: bigint;
  readonly currency: string;
}

export type MoneyError = {
  code: 'unknown_currency' | 'invalid_amount' | 'too_many_decimals' | 'negative_not_allowed';
  detail: string;
};

export interface ParseMoneyOptions {
  allowNegative?: boolean;
  allowZero?: boolean;
}

function minorUnitsPerMajor(currency: string): bigint {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) {
    throw new RangeError(`Unknown currency ${JSON.stringify(currency)}`);
  }
  return 10n ** BigInt(exponent);
}

function describeDecimals(exponent: number): string {
  if (exponent === 0) return 'no decimals';
  return exponent === 1 ? 'at most 1 decimal' : `at most ${exponent} decimals`;
}

/** Parses a wire amount such as "123.45" into exact minor units of a known currency. */
export function parseMoney(
  amount: string,
  currency: string,
  options: ParseMoneyOptions = {},
): Money | MoneyError {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) {
    return {
      code: 'unknown_currency',
      detail: `${JSON.stringify(currency)} is not a supported ISO 4217 currency code; use an uppercase code such as "EUR"`,
    };
  }
  const shownAmount = JSON.stringify(amount.length > 40 ? `${amount.slice(0, 40)}...` : amount);
  const parsed = parseDecimal(amount, {
    maxDecimals: exponent,
    allowNegative: options.allowNegative === true,
  });
  if (isDecimalError(parsed)) {
    switch (parsed.code) {
      case 'too_many_decimals':
        return {
          code: 'too_many_decimals',
          detail: `${currency} allows ${describeDecimals(exponent)}; got ${shownAmount}`,
        };
      case 'negative_not_allowed':
        return {
          code: 'negative_not_allowed',
          detail: `${currency} amount must not be negative; got ${shownAmount}`,
        };
      case 'invalid_decimal':
        return {
          code: 'invalid_amount',
          detail: `${currency} amount must be a plain decimal such as "12.34"; got ${shownAmount}`,
        };
    }
  }
  if (isZero(parsed) && options.allowZero !== true) {
    return {
      code: 'invalid_amount',
      detail: `${currency} amount must be greater than zero; got ${shownAmount}`,
    };
  }
  // Exact because the decimal count was capped at the currency exponent.
  const amountMinor = multiply(parsed, rational(minorUnitsPerMajor(currency)));
  return { amountMinor: amountMinor.numerator, currency };
}

/** The wire form: a decimal string with exactly the currency's number of decimals. */
export function formatMoney(money: Money): { amount: string; currency: string } {
  const exponent = currencyExponent(money.currency);
  if (exponent === undefined) {
    throw new RangeError(`Unknown currency ${JSON.stringify(money.currency)}`);
  }
  return { amount: formatDecimal(moneyToRational(money), exponent), currency: money.currency };
}

/** The amount in major units, e.g. 12345 EUR cents becomes 12345/100. */
export function moneyToRational(money: Money): Rational {
  return rational(money.amountMinor, minorUnitsPerMajor(money.currency));
}

export function isMoneyError(value: unknown): value is MoneyError {
  return typeof value === 'object' && value !== null && 'code' in value && 'detail' in value;
}

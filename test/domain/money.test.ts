import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CURRENCY_EXPONENTS } from '../../src/domain/currencies.js';
import {
  formatMoney,
  isMoneyError,
  type Money,
  moneyToRational,
  parseMoney,
} from '../../src/domain/money.js';
import { rational } from '../../src/domain/rational.js';

describe('parseMoney', () => {
  test.each([
    ['123.45', 'EUR', 12345n],
    ['123.4', 'EUR', 12340n],
    ['123', 'EUR', 12300n],
    ['0.01', 'USD', 1n],
    ['1500', 'JPY', 1500n],
    ['1.250', 'KWD', 1250n],
    ['1.25', 'KWD', 1250n],
    ['2500.50', 'CZK', 250050n],
    ['0.0001', 'CLF', 1n],
    ['007.50', 'GBP', 750n],
  ])('parses %j %s into %i minor units', (amount, currency, amountMinor) => {
    expect(parseMoney(amount, currency)).toEqual({ amountMinor, currency });
  });

  test('rejects more decimals than the currency allows, naming value and currency', () => {
    expect(parseMoney('1.234', 'EUR')).toEqual({
      code: 'too_many_decimals',
      detail: 'EUR allows at most 2 decimals; got "1.234"',
    });
    expect(parseMoney('1500.5', 'JPY')).toEqual({
      code: 'too_many_decimals',
      detail: 'JPY allows no decimals; got "1500.5"',
    });
    expect(parseMoney('1.2345', 'KWD')).toMatchObject({ code: 'too_many_decimals' });
  });

  test.each(['eur', 'EURO', 'XAU', 'XXX', '', 'constructor', 'HRK'])('rejects currency %j', (currency) => {
    const result = parseMoney('1.00', currency);
    expect(result).toMatchObject({ code: 'unknown_currency' });
    expect(isMoneyError(result) && result.detail).toContain(JSON.stringify(currency));
  });

  test.each(['abc', '1,00', '1e2', '.5', '5.', '+1', ' 1', '1 ', 'NaN', '0x1'])(
    'rejects amount %j',
    (amount) => {
      const result = parseMoney(amount, 'EUR');
      expect(result).toMatchObject({ code: 'invalid_amount' });
      expect(isMoneyError(result) && result.detail).toContain('EUR');
    },
  );

  test('rejects zero unless allowZero', () => {
    expect(parseMoney('0.00', 'EUR')).toMatchObject({ code: 'invalid_amount' });
    expect(parseMoney('0', 'JPY')).toMatchObject({ code: 'invalid_amount' });
    expect(parseMoney('0.00', 'EUR', { allowZero: true })).toEqual({ amountMinor: 0n, currency: 'EUR' });
  });

  test('rejects negatives unless allowNegative', () => {
    expect(parseMoney('-5.00', 'EUR')).toMatchObject({ code: 'negative_not_allowed' });
    expect(parseMoney('-5.00', 'EUR', { allowNegative: true })).toEqual({
      amountMinor: -500n,
      currency: 'EUR',
    });
    expect(parseMoney('-0.001', 'KWD', { allowNegative: true })).toEqual({
      amountMinor: -1n,
      currency: 'KWD',
    });
  });

  test('rejects absurdly long input without doing big arithmetic', () => {
    expect(parseMoney('9'.repeat(41), 'EUR')).toMatchObject({ code: 'invalid_amount' });
  });
});

describe('formatMoney', () => {
  test.each([
    [12345n, 'EUR', '123.45'],
    [1500n, 'JPY', '1500'],
    [1250n, 'KWD', '1.250'],
    [5n, 'USD', '0.05'],
    [-705n, 'CZK', '-7.05'],
    [1n, 'UYW', '0.0001'],
  ])('formats %i %s as %j', (amountMinor, currency, amount) => {
    expect(formatMoney({ amountMinor, currency })).toEqual({ amount, currency });
  });

  test('throws RangeError on an unknown currency', () => {
    expect(() => formatMoney({ amountMinor: 1n, currency: 'XAU' })).toThrow(RangeError);
  });
});

describe('moneyToRational', () => {
  test('gives the amount in major units', () => {
    expect(moneyToRational({ amountMinor: 12345n, currency: 'EUR' })).toEqual(rational(12345n, 100n));
    expect(moneyToRational({ amountMinor: 1500n, currency: 'JPY' })).toEqual(rational(1500n));
    expect(moneyToRational({ amountMinor: 1250n, currency: 'KWD' })).toEqual(rational(5n, 4n));
  });

  test('throws RangeError on an unknown currency', () => {
    expect(() => moneyToRational({ amountMinor: 1n, currency: 'eur' })).toThrow(RangeError);
  });
});

describe('isMoneyError', () => {
  test('distinguishes errors from money', () => {
    expect(isMoneyError({ amountMinor: 1n, currency: 'EUR' })).toBe(false);
    expect(isMoneyError(parseMoney('x', 'EUR'))).toBe(true);
  });
});

const currencies = fc.constantFrom(...Object.keys(CURRENCY_EXPONENTS));

describe('round trip', () => {
  test('parseMoney(formatMoney(money)) gives the money back', () => {
    fc.assert(
      fc.property(currencies, fc.bigInt({ min: 1n, max: 10n ** 20n }), (currency, amountMinor) => {
        const money: Money = { amountMinor, currency };
        const wire = formatMoney(money);
        expect(wire.currency).toBe(currency);
        expect(parseMoney(wire.amount, wire.currency)).toEqual(money);
      }),
    );
  });

  test('negative and zero amounts round trip when allowed', () => {
    fc.assert(
      fc.property(currencies, fc.bigInt({ min: -(10n ** 20n), max: 0n }), (currency, amountMinor) => {
        const wire = formatMoney({ amountMinor, currency });
        expect(parseMoney(wire.amount, currency, { allowNegative: true, allowZero: true })).toEqual({
          amountMinor,
          currency,
        });
      }),
    );
  });

  test('the wire amount always carries exactly the currency exponent in decimals', () => {
    fc.assert(
      fc.property(currencies, fc.bigInt({ min: 1n, max: 10n ** 20n }), (currency, amountMinor) => {
        const exponent = CURRENCY_EXPONENTS[currency] ?? -1;
        const { amount } = formatMoney({ amountMinor, currency });
        const fraction = amount.split('.')[1];
        expect(fraction?.length ?? 0).toBe(exponent);
        expect(amount.replace('.', '').replace(/^0+(?=\d)/, '')).toBe(amountMinor.toString());
      }),
    );
  });
});

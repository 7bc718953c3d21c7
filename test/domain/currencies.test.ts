import { describe, expect, test } from 'vitest';
import { CURRENCY_EXPONENTS, currencyExponent, isCurrency } from '../../src/domain/currencies.js';

describe('CURRENCY_EXPONENTS', () => {
  test('covers the full active ISO 4217 list', () => {
    expect(Object.keys(CURRENCY_EXPONENTS).length).toBeGreaterThanOrEqual(150);
  });

  test('every key is an uppercase three-letter code with a known exponent', () => {
    for (const [code, exponent] of Object.entries(CURRENCY_EXPONENTS)) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3, 4]).toContain(exponent);
    }
  });

  test.each([
    ['JPY', 0],
    ['KRW', 0],
    ['ISK', 0],
    ['VND', 0],
    ['CLP', 0],
    ['XOF', 0],
    ['EUR', 2],
    ['USD', 2],
    ['CZK', 2],
    ['GBP', 2],
    ['CHF', 2],
    ['KWD', 3],
    ['BHD', 3],
    ['JOD', 3],
    ['OMR', 3],
    ['TND', 3],
    ['LYD', 3],
    ['IQD', 3],
    ['CLF', 4],
    ['UYW', 4],
  ])('%s has exponent %i', (code, exponent) => {
    expect(currencyExponent(code)).toBe(exponent);
    expect(isCurrency(code)).toBe(true);
  });

  test.each(['XAU', 'XAG', 'XPT', 'XPD', 'XDR', 'XTS', 'XXX', 'XBA', 'XBB', 'XBC', 'XBD', 'XSU', 'XUA'])(
    '%s has no minor unit and is excluded',
    (code) => {
      expect(Object.keys(CURRENCY_EXPONENTS)).not.toContain(code);
      expect(isCurrency(code)).toBe(false);
    },
  );

  test('is frozen so no caller can add a currency at runtime', () => {
    expect(Object.isFrozen(CURRENCY_EXPONENTS)).toBe(true);
  });
});

describe('currencyExponent and isCurrency', () => {
  test.each(['eur', 'Eur', 'EURO', 'EU', '', ' EUR', 'ABC', 'HRK'])('rejects %j', (code) => {
    expect(currencyExponent(code)).toBeUndefined();
    expect(isCurrency(code)).toBe(false);
  });

  test.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    'does not treat the inherited property %s as a currency',
    (name) => {
      expect(currencyExponent(name)).toBeUndefined();
      expect(isCurrency(name)).toBe(false);
    },
  );
});

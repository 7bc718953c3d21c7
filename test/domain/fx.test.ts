import { describe, expect, test } from 'vitest';
import { checkAsOf, checkPublishedRates, type FxSnapshot, rateFor } from '../../src/domain/fx.js';
import { rational } from '../../src/domain/rational.js';

const HOUR_MS = 3_600_000;
const asOfMs = Date.parse('2026-11-23T09:00:00.000Z');
const snapshot: FxSnapshot = {
  id: 'fx_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  referenceCurrency: 'EUR',
  asOfMs,
  createdAtMs: asOfMs,
  rates: { USD: '1.0850', CZK: '25.31', JPY: '162' },
};
const fresh = { nowMs: asOfMs + HOUR_MS, maxAgeHours: 48 };

describe('rateFor', () => {
  test('reads a listed rate exactly, with its published text', () => {
    expect(rateFor(snapshot, 'USD', fresh)).toEqual({ rate: rational(217n, 200n), rateText: '1.0850' });
    expect(rateFor(snapshot, 'JPY', fresh)).toEqual({ rate: rational(162n), rateText: '162' });
  });

  test('the reference currency is 1 even though the snapshot does not list it', () => {
    expect(rateFor(snapshot, 'EUR', fresh)).toEqual({ rate: rational(1n), rateText: '1' });
  });

  test('the reference currency is 1 even in a snapshot too old for every other rate', () => {
    expect(rateFor(snapshot, 'EUR', { nowMs: asOfMs + 1000 * HOUR_MS, maxAgeHours: 48 })).toEqual({
      rate: rational(1n),
      rateText: '1',
    });
  });

  test('no snapshot at all is fx_rate_missing naming the currency', () => {
    const result = rateFor(undefined, 'USD', fresh);
    expect(result).toMatchObject({ code: 'fx_rate_missing', extensions: { currency: 'USD' } });
    expect('detail' in result && result.detail).toContain('USD');
  });

  test.each(['GBP', 'usd', 'constructor', 'toString', ''])(
    'a currency the snapshot does not list (%j) is fx_rate_missing',
    (currency) => {
      const result = rateFor(snapshot, currency, fresh);
      expect(result).toMatchObject({
        code: 'fx_rate_missing',
        extensions: { currency, fxSnapshotId: snapshot.id },
      });
      expect('detail' in result && result.detail).toContain(currency);
    },
  );

  test('a snapshot exactly maxAgeHours old is still in force', () => {
    expect(rateFor(snapshot, 'USD', { nowMs: asOfMs + 48 * HOUR_MS, maxAgeHours: 48 })).toMatchObject({
      rateText: '1.0850',
    });
  });

  test('one millisecond past maxAgeHours is fx_rate_stale naming the currency and the asOf', () => {
    const result = rateFor(snapshot, 'USD', { nowMs: asOfMs + 48 * HOUR_MS + 1, maxAgeHours: 48 });
    expect(result).toMatchObject({
      code: 'fx_rate_stale',
      extensions: { currency: 'USD', asOf: '2026-11-23T09:00:00.000Z', fxSnapshotId: snapshot.id },
    });
    expect('detail' in result && result.detail).toContain('USD');
    expect('detail' in result && result.detail).toContain('2026-11-23T09:00:00.000Z');
  });

  test('a snapshot dated slightly ahead of the clock is in force', () => {
    expect(rateFor(snapshot, 'CZK', { nowMs: asOfMs - 60_000, maxAgeHours: 1 })).toMatchObject({
      rateText: '25.31',
    });
  });

  test('a stored rate that is not a positive decimal is a bug and throws', () => {
    expect(() => rateFor({ ...snapshot, rates: { USD: '0' } }, 'USD', fresh)).toThrow(RangeError);
  });
});

describe('checkPublishedRates', () => {
  test('accepts positive rates of up to 12 decimals and returns them sorted by code', () => {
    const rates = checkPublishedRates(
      { USD: '1.0850', CZK: '25.31', EUR: '1.000', KWD: '0.333333333333' },
      'EUR',
    );
    expect(rates).toEqual({ CZK: '25.31', EUR: '1.000', KWD: '0.333333333333', USD: '1.0850' });
    expect(Object.keys(rates)).toEqual(['CZK', 'EUR', 'KWD', 'USD']);
  });

  test.each([
    [{ XYZ: '1' }, 'unknown_currency', 'XYZ'],
    [{ usd: '1' }, 'unknown_currency', 'usd'],
    [{ HRK: '7.5' }, 'unknown_currency', 'HRK'],
    [{ USD: '0' }, 'invalid_amount', 'USD'],
    [{ USD: '0.000' }, 'invalid_amount', 'USD'],
    [{ USD: '1.0000000000001' }, 'too_many_decimals', 'USD'],
    [{ EUR: '1.01' }, 'invalid_amount', 'EUR'],
    [{ USD: '1e3' }, 'invalid_amount', 'USD'],
  ])('%j is refused with %s naming %s', (rates, code, currency) => {
    expect(checkPublishedRates(rates, 'EUR')).toMatchObject({ code, extensions: { currency } });
  });
});

describe('checkAsOf', () => {
  const nowMs = asOfMs;
  test('up to exactly 5 minutes ahead is accepted; past times always are', () => {
    expect(checkAsOf(nowMs + 5 * 60_000, nowMs)).toBeUndefined();
    expect(checkAsOf(nowMs - 365 * 24 * HOUR_MS, nowMs)).toBeUndefined();
  });
  test('one millisecond more is refused, naming the field', () => {
    expect(checkAsOf(nowMs + 5 * 60_000 + 1, nowMs)).toMatchObject({
      code: 'validation_failed',
      extensions: { errors: [{ path: 'json.asOf' }] },
    });
  });
});

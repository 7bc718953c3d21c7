import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  convertReferenceToMinor,
  payoutForPoints,
  pointsEarned,
  pointsToCover,
  proportionalPart,
  referenceValueOfAmount,
} from '../../src/domain/conversion.js';
import { CURRENCY_EXPONENTS } from '../../src/domain/currencies.js';
import { add, compare, multiply, type Rational, rational } from '../../src/domain/rational.js';

// Network used by every hand-computed example: reference currency EUR,
// 1 point = 0.01 EUR, 1 point earned per 1 EUR spent.
const POINT_VALUE = rational(1n, 100n);
const ONE_POINT_PER_EUR = rational(1n);
const ONE = rational(1n);
const ZERO = rational(0n);
const TWO = rational(2n);

// "1 EUR = rate CUR"
const FX = {
  EUR: rational(1n),
  USD: rational(10850n, 10000n), // 1.0850
  JPY: rational(16235n, 100n), // 162.35
  KWD: rational(3345n, 10000n), // 0.3345
  CZK: rational(25320n, 1000n), // 25.320
} as const;

function singleLine(
  amountMinor: bigint,
  currency: keyof typeof FX,
  earnRate: Rational = ONE_POINT_PER_EUR,
): bigint {
  return pointsEarned({
    lines: [{ amountMinor, multiplier: ONE }],
    currency,
    fxRate: FX[currency],
    earnRate,
  });
}

describe('referenceValueOfAmount', () => {
  test('is exact, with no rounding at all', () => {
    // 100.00 USD / 1.085 = 100000/1085 = 20000/217 EUR (= 92.1658986...)
    expect(referenceValueOfAmount(10000n, 'USD', FX.USD)).toEqual(rational(20000n, 217n));
    // 1500 JPY / 162.35 = 150000/16235 = 30000/3247 EUR
    expect(referenceValueOfAmount(1500n, 'JPY', FX.JPY)).toEqual(rational(30000n, 3247n));
    // 1.250 KWD / 0.3345 = 12500/3345 = 2500/669 EUR
    expect(referenceValueOfAmount(1250n, 'KWD', FX.KWD)).toEqual(rational(2500n, 669n));
    // 25.32 CZK / 25.32 = exactly 1 EUR
    expect(referenceValueOfAmount(2532n, 'CZK', FX.CZK)).toEqual(ONE);
    // 123.45 EUR is itself: 12345/100 = 2469/20
    expect(referenceValueOfAmount(12345n, 'EUR', FX.EUR)).toEqual(rational(2469n, 20n));
  });
});

describe('pointsEarned', () => {
  test('USD: 100.00 USD = 92.1658986... EUR earns 92 points', () => {
    // 20000/217: 217 * 92 = 19964, remainder 36, so 92 + 36/217 -> floor 92
    expect(singleLine(10000n, 'USD')).toBe(92n);
  });

  test('JPY (0 decimals): 15000 JPY earns 92 points', () => {
    // 15000 / 162.35 = 300000/3247: 3247 * 92 = 298724, remainder 1276 -> 92.39 -> 92
    expect(singleLine(15000n, 'JPY')).toBe(92n);
  });

  test('KWD (3 decimals): 12.500 KWD earns 37 points', () => {
    // 12.5 / 0.3345 = 25000/669: 669 * 37 = 24753, remainder 247 -> 37.37 -> 37
    expect(singleLine(12500n, 'KWD')).toBe(37n);
  });

  test('CZK: 1000.00 CZK earns 39 points', () => {
    // 1000 / 25.32 = 25000/633: 633 * 39 = 24687, remainder 313 -> 39.49 -> 39
    expect(singleLine(100000n, 'CZK')).toBe(39n);
  });

  test('EUR (the reference itself): 45.67 EUR earns 45 points', () => {
    expect(singleLine(4567n, 'EUR')).toBe(45n);
  });

  test('earn rate scales before the single rounding', () => {
    // 2 points per EUR on 100.00 USD: 40000/217; 217 * 184 = 39928, remainder 72 -> 184.33 -> 184
    expect(singleLine(10000n, 'USD', rational(2n))).toBe(184n);
  });

  test('rounds down even at .999', () => {
    // 0.1 point per EUR on 99.99 EUR = 9.999 points -> 9, never 10
    expect(singleLine(9999n, 'EUR', rational(1n, 10n))).toBe(9n);
    // one cent more reaches exactly 10
    expect(singleLine(10000n, 'EUR', rational(1n, 10n))).toBe(10n);
  });

  test('category multiplier 0 earns nothing on that line while the other line still earns', () => {
    // prescription medicines 30.00 EUR x 0 + cosmetics 12.50 EUR x 1 = 12.5 -> 12
    const lines = [
      { amountMinor: 3000n, multiplier: ZERO },
      { amountMinor: 1250n, multiplier: ONE },
    ];
    expect(pointsEarned({ lines, currency: 'EUR', fxRate: FX.EUR, earnRate: ONE_POINT_PER_EUR })).toBe(12n);
    expect(
      pointsEarned({
        lines: lines.slice(0, 1),
        currency: 'EUR',
        fxRate: FX.EUR,
        earnRate: ONE_POINT_PER_EUR,
      }),
    ).toBe(0n);
  });

  test('category multiplier 2 doubles that line only', () => {
    // prescription 30.00 EUR x 0 + cosmetics 12.50 EUR x 2 = 25
    const lines = [
      { amountMinor: 3000n, multiplier: ZERO },
      { amountMinor: 1250n, multiplier: TWO },
    ];
    expect(pointsEarned({ lines, currency: 'EUR', fxRate: FX.EUR, earnRate: ONE_POINT_PER_EUR })).toBe(25n);
  });

  test('mixed lines round once at the end: two lines of 0.6 points give 1 point, not 0', () => {
    const line = { amountMinor: 60n, multiplier: ONE };
    const earnedTogether = pointsEarned({
      lines: [line, line],
      currency: 'EUR',
      fxRate: FX.EUR,
      earnRate: ONE_POINT_PER_EUR,
    });
    const earnedAlone = pointsEarned({
      lines: [line],
      currency: 'EUR',
      fxRate: FX.EUR,
      earnRate: ONE_POINT_PER_EUR,
    });
    expect(earnedAlone).toBe(0n);
    expect(earnedTogether).toBe(1n);
  });

  test('single rounding also holds across an FX rate and fractional multipliers', () => {
    // two 0.55 USD lines: each 550/1085 = 110/217 EUR = 0.5069 points; together 220/217 = 1.0138 -> 1
    const usdLine = { amountMinor: 55n, multiplier: ONE };
    expect(
      pointsEarned({
        lines: [usdLine, usdLine],
        currency: 'USD',
        fxRate: FX.USD,
        earnRate: ONE_POINT_PER_EUR,
      }),
    ).toBe(1n);
    // 0.40 EUR x 1.5 + 0.40 EUR x 1 = 0.6 + 0.4 = exactly 1
    const lines = [
      { amountMinor: 40n, multiplier: rational(3n, 2n) },
      { amountMinor: 40n, multiplier: ONE },
    ];
    expect(pointsEarned({ lines, currency: 'EUR', fxRate: FX.EUR, earnRate: ONE_POINT_PER_EUR })).toBe(1n);
  });

  test('an empty basket earns nothing', () => {
    expect(pointsEarned({ lines: [], currency: 'EUR', fxRate: FX.EUR, earnRate: ONE_POINT_PER_EUR })).toBe(
      0n,
    );
  });

  test('throws RangeError on bugs: unknown currency, non-positive FX, negative rates', () => {
    const lines = [{ amountMinor: 100n, multiplier: ONE }];
    expect(() => pointsEarned({ lines, currency: 'XAU', fxRate: ONE, earnRate: ONE })).toThrow(RangeError);
    expect(() => pointsEarned({ lines: [], currency: 'eur', fxRate: ONE, earnRate: ONE })).toThrow(
      RangeError,
    );
    expect(() => pointsEarned({ lines, currency: 'EUR', fxRate: ZERO, earnRate: ONE })).toThrow(RangeError);
    expect(() => pointsEarned({ lines, currency: 'EUR', fxRate: rational(-1n), earnRate: ONE })).toThrow(
      RangeError,
    );
    expect(() => pointsEarned({ lines, currency: 'EUR', fxRate: ONE, earnRate: rational(-1n) })).toThrow(
      RangeError,
    );
    expect(() =>
      pointsEarned({
        lines: [{ amountMinor: 100n, multiplier: rational(-1n) }],
        currency: 'EUR',
        fxRate: ONE,
        earnRate: ONE,
      }),
    ).toThrow(RangeError);
  });
});

describe('payoutForPoints', () => {
  function payout(points: bigint, currency: keyof typeof FX, pointValue: Rational = POINT_VALUE): bigint {
    return payoutForPoints({ points, pointValue, fxRate: FX[currency], currency });
  }

  test('EUR: 1000 points = 10.00 EUR', () => {
    expect(payout(1000n, 'EUR')).toBe(1000n);
  });

  test('USD: exact, nearest and both directions of the half-even tie', () => {
    // 200 points = 2 EUR = 2.17 USD = 217 cents exactly
    expect(payout(200n, 'USD')).toBe(217n);
    // 100 points = 1 EUR = 1.085 USD = 108.5 cents -> tie, 108 is even: rounds DOWN
    expect(payout(100n, 'USD')).toBe(108n);
    // 300 points = 3 EUR = 3.255 USD = 325.5 cents -> tie, 326 is even: rounds UP
    expect(payout(300n, 'USD')).toBe(326n);
    // 101 points = 1.01 EUR = 1.09585 USD = 109.585 cents -> not a tie, nearest is 110
    expect(payout(101n, 'USD')).toBe(110n);
  });

  test('JPY (0 decimals): ties go to the even yen', () => {
    // 1000 points = 10 EUR = 1623.5 JPY -> 1624 (even, up)
    expect(payout(1000n, 'JPY')).toBe(1624n);
    // 3000 points = 30 EUR = 4870.5 JPY -> 4870 (even, down)
    expect(payout(3000n, 'JPY')).toBe(4870n);
  });

  test('KWD (3 decimals)', () => {
    // 1000 points = 10 EUR = 3.345 KWD = 3345 fils exactly
    expect(payout(1000n, 'KWD')).toBe(3345n);
    // 7 points = 0.07 EUR = 0.023415 KWD = 23.415 fils -> 23
    expect(payout(7n, 'KWD')).toBe(23n);
  });

  test('CZK', () => {
    // 500 points = 5 EUR = 126.60 CZK
    expect(payout(500n, 'CZK')).toBe(12660n);
    // 1 point = 0.2532 CZK = 25.32 haler -> 25
    expect(payout(1n, 'CZK')).toBe(25n);
  });

  test('half a cent per point shows half-even on consecutive ties', () => {
    const halfCent = rational(5n, 1000n);
    // 0.5 -> 0, 1.5 -> 2, 2.5 -> 2, 3.5 -> 4 cents
    expect([1n, 3n, 5n, 7n].map((points) => payout(points, 'EUR', halfCent))).toEqual([0n, 2n, 2n, 4n]);
  });

  test('throws RangeError on unknown currency or negative point value', () => {
    expect(() =>
      payoutForPoints({ points: 1n, pointValue: POINT_VALUE, fxRate: ONE, currency: 'XXX' }),
    ).toThrow(RangeError);
    expect(() =>
      payoutForPoints({ points: 1n, pointValue: rational(-1n), fxRate: ONE, currency: 'EUR' }),
    ).toThrow(RangeError);
  });
});

describe('pointsToCover', () => {
  function cover(amountMinor: bigint, currency: keyof typeof FX): bigint {
    return pointsToCover({ amountMinor, currency, pointValue: POINT_VALUE, fxRate: FX[currency] });
  }

  test('exact amounts need exactly that many points', () => {
    // 10.00 EUR / 0.01 = 1000
    expect(cover(1000n, 'EUR')).toBe(1000n);
    // 10.85 USD / 1.085 = 10 EUR = 1000 points
    expect(cover(1085n, 'USD')).toBe(1000n);
    // 25.32 CZK = 1 EUR = 100 points
    expect(cover(2532n, 'CZK')).toBe(100n);
  });

  test('rounds up even when the fraction is tiny', () => {
    // 0.572 KWD / 0.3345 = 1.7100149... EUR = 171.0015 points -> 172
    // (171 points are worth 1.71 * 0.3345 = 0.571995 KWD, just short of 0.572)
    expect(cover(572n, 'KWD')).toBe(172n);
    // 0.51 USD / 1.085 = 0.4700460... EUR = 47.0046 points -> 48
    // (47 points are worth 0.47 * 1.085 = 0.50995 USD, short by half a thousandth of a dollar)
    expect(cover(51n, 'USD')).toBe(48n);
    // 10.01 EUR -> 1001; 25.33 CZK / 25.32 = 1.000395 EUR = 100.0395 points -> 101
    expect(cover(1001n, 'EUR')).toBe(1001n);
    expect(cover(2533n, 'CZK')).toBe(101n);
  });

  test('JPY: covering is not the inverse of the rounded payout', () => {
    // 1000 points pay out 1624 JPY (1623.5 rounded half-even), yet 1624 JPY needs
    // 1624 / 1.6235 = 1000.31 -> 1001 points, while 1623 JPY = 999.69 -> 1000 points
    expect(cover(1624n, 'JPY')).toBe(1001n);
    expect(cover(1623n, 'JPY')).toBe(1000n);
  });

  test('throws RangeError on unknown currency or a non-positive point value', () => {
    expect(() =>
      pointsToCover({ amountMinor: 1n, currency: 'xyz', pointValue: POINT_VALUE, fxRate: ONE }),
    ).toThrow(RangeError);
    expect(() => pointsToCover({ amountMinor: 1n, currency: 'EUR', pointValue: ZERO, fxRate: ONE })).toThrow(
      RangeError,
    );
  });
});

describe('convertReferenceToMinor', () => {
  test('rounds half-even to the minor unit', () => {
    // 92.17 EUR * 1.085 = 100.00445 USD = 10000.445 cents -> 10000
    expect(convertReferenceToMinor(rational(9217n, 100n), 'USD', FX.USD)).toBe(10000n);
    // 1 EUR = 0.3345 KWD = 334.5 fils -> 334 (even); 3 EUR = 1003.5 fils -> 1004 (even)
    expect(convertReferenceToMinor(ONE, 'KWD', FX.KWD)).toBe(334n);
    expect(convertReferenceToMinor(rational(3n), 'KWD', FX.KWD)).toBe(1004n);
    // 10 EUR = 1623.5 JPY -> 1624
    expect(convertReferenceToMinor(rational(10n), 'JPY', FX.JPY)).toBe(1624n);
    // ties are symmetric around zero: -334.5 fils -> -334
    expect(convertReferenceToMinor(rational(-1n), 'KWD', FX.KWD)).toBe(-334n);
  });

  test('converting the exact reference value of an amount back gives the amount', () => {
    // 20000/217 EUR * 1.085 = 100.00 USD exactly
    expect(convertReferenceToMinor(rational(20000n, 217n), 'USD', FX.USD)).toBe(10000n);
  });

  test('throws RangeError on unknown currency or zero FX rate', () => {
    expect(() => convertReferenceToMinor(ONE, 'XAG', ONE)).toThrow(RangeError);
    expect(() => convertReferenceToMinor(ONE, 'EUR', ZERO)).toThrow(RangeError);
  });
});

describe('proportionalPart', () => {
  test('hand-checked shares', () => {
    // refund 30.00 of a 100.00 purchase that earned 1000 points -> 300
    expect(proportionalPart(1000n, 3000n, 10000n)).toBe(300n);
    // a third of 92 points = 30.67 -> 30
    expect(proportionalPart(92n, 1n, 3n)).toBe(30n);
    expect(proportionalPart(92n, 3n, 3n)).toBe(92n);
    expect(proportionalPart(92n, 0n, 3n)).toBe(0n);
  });

  test('throws RangeError on impossible splits', () => {
    expect(() => proportionalPart(10n, 1n, 0n)).toThrow(RangeError);
    expect(() => proportionalPart(10n, 0n, -1n)).toThrow(RangeError);
    expect(() => proportionalPart(10n, 4n, 3n)).toThrow(RangeError);
    expect(() => proportionalPart(10n, -1n, 3n)).toThrow(RangeError);
    expect(() => proportionalPart(-10n, 1n, 3n)).toThrow(RangeError);
  });

  test('shares of any split of whole never sum above total, and lose less than one unit per part', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 9n }), { minLength: 1, maxLength: 20 }),
        (total, parts) => {
          const whole = parts.reduce((sum, part) => sum + part, 0n);
          const shares = parts.map((part) => proportionalPart(total, part, whole));
          const sharesSum = shares.reduce((sum, share) => sum + share, 0n);
          expect(sharesSum <= total).toBe(true);
          expect(sharesSum > total - BigInt(parts.length)).toBe(true);
        },
      ),
    );
  });
});

// Property-test inputs: any currency in the table, FX rates 0.0001 .. 10000 with
// four decimals, point values 0.0001 .. 1 reference unit, earn rates 0 .. 10.
const currencies = fc.constantFrom(...Object.keys(CURRENCY_EXPONENTS));
const fxRates = fc.bigInt({ min: 1n, max: 10n ** 8n }).map((scaled) => rational(scaled, 10000n));
const pointValues = fc.bigInt({ min: 1n, max: 10000n }).map((scaled) => rational(scaled, 10000n));
const earnRates = fc.bigInt({ min: 0n, max: 1000n }).map((scaled) => rational(scaled, 100n));
const multipliers = fc.bigInt({ min: 0n, max: 500n }).map((scaled) => rational(scaled, 100n));
const amounts = fc.bigInt({ min: 0n, max: 10n ** 12n });
const lineLists = fc.array(fc.record({ amountMinor: amounts, multiplier: multipliers }), { maxLength: 8 });

function minorUnitsPerMajor(currency: string): Rational {
  return rational(10n ** BigInt(CURRENCY_EXPONENTS[currency] ?? 0));
}

describe('conversion properties', () => {
  test('pointsEarned is never negative and is monotonic in each line amount', () => {
    fc.assert(
      fc.property(
        currencies,
        fxRates,
        earnRates,
        lineLists.filter((lines) => lines.length > 0),
        fc.nat(),
        amounts,
        (currency, fxRate, earnRate, lines, index, increase) => {
          const before = pointsEarned({ lines, currency, fxRate, earnRate });
          const bumped = lines.map((line, position) =>
            position === index % lines.length ? { ...line, amountMinor: line.amountMinor + increase } : line,
          );
          const after = pointsEarned({ lines: bumped, currency, fxRate, earnRate });
          expect(before >= 0n).toBe(true);
          expect(after >= before).toBe(true);
        },
      ),
    );
  });

  test('splitting a basket never earns more, and at most one point less, than earning it whole', () => {
    fc.assert(
      fc.property(
        currencies,
        fxRates,
        earnRates,
        lineLists,
        lineLists,
        (currency, fxRate, earnRate, first, second) => {
          const earnedApart =
            pointsEarned({ lines: first, currency, fxRate, earnRate }) +
            pointsEarned({ lines: second, currency, fxRate, earnRate });
          const earnedTogether = pointsEarned({ lines: [...first, ...second], currency, fxRate, earnRate });
          expect(earnedApart <= earnedTogether).toBe(true);
          expect(earnedTogether <= earnedApart + 1n).toBe(true);
        },
      ),
    );
  });

  test('the points to cover an amount always pay out at least that amount, and one point fewer does not exceed it', () => {
    fc.assert(
      fc.property(currencies, fxRates, pointValues, amounts, (currency, fxRate, pointValue, amountMinor) => {
        const points = pointsToCover({ amountMinor, currency, pointValue, fxRate });
        expect(payoutForPoints({ points, pointValue, fxRate, currency }) >= amountMinor).toBe(true);
        if (points > 0n) {
          expect(payoutForPoints({ points: points - 1n, pointValue, fxRate, currency }) <= amountMinor).toBe(
            true,
          );
        }
      }),
    );
  });

  test('covering a payout needs p points give or take half a minor unit of rounding', () => {
    // With k = minor units per point, payout = p*k rounded by at most 1/2, so
    // cover(payout) - p lies in [-1/(2k), 1/(2k) + 1).
    fc.assert(
      fc.property(
        currencies,
        fxRates,
        pointValues,
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        (currency, fxRate, pointValue, points) => {
          const payout = payoutForPoints({ points, pointValue, fxRate, currency });
          const covered = pointsToCover({ amountMinor: payout, currency, pointValue, fxRate });
          const minorPerPoint = multiply(multiply(pointValue, fxRate), minorUnitsPerMajor(currency));
          const twiceScaledDifference = multiply(rational(2n * (covered - points)), minorPerPoint);
          expect(compare(twiceScaledDifference, rational(-1n))).toBeGreaterThanOrEqual(0);
          expect(
            compare(twiceScaledDifference, add(rational(1n), multiply(rational(2n), minorPerPoint))),
          ).toBe(-1);
          // When a point is worth a whole number of minor units the payout is exact, so covering it is exact too.
          if (minorPerPoint.denominator === 1n) expect(covered).toBe(points);
        },
      ),
    );
  });

  test("convertReferenceToMinor of an amount's exact reference value returns the amount", () => {
    fc.assert(
      fc.property(
        currencies,
        fxRates,
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        (currency, fxRate, amountMinor) => {
          const reference = referenceValueOfAmount(amountMinor, currency, fxRate);
          expect(convertReferenceToMinor(reference, currency, fxRate)).toBe(amountMinor);
        },
      ),
    );
  });
});

import { describe, expect, test } from 'vitest';
import { rational } from '../../src/domain/rational.js';
import { exactDecimal } from '../../src/domain/settlement/amounts.js';
import { canonicalJson } from '../../src/domain/settlement/canonical-json.js';
import { settlementCsv } from '../../src/domain/settlement/csv.js';
import { breakdown, lineAmount } from '../../src/domain/settlement/statement.js';
import {
  parseTotals,
  periodTotals,
  serializeTotals,
  type Totals,
} from '../../src/domain/settlement/totals.js';

describe('exact decimals', () => {
  test.each([
    [rational(9003n, 1000n), '9.003'],
    [rational(-25n, 1000n), '-0.025'],
    [rational(0n), '0'],
    [rational(12n), '12'],
    [rational(1n, 3200n), '0.0003125'],
  ])('%o is %s', (value, expected) => {
    expect(exactDecimal(value)).toBe(expected);
  });

  test('a value that does not terminate is shown as its exact fraction, never rounded', () => {
    // An item's price per point (40.00 EUR for 3,000 points), or USD a gift card bought paid in EUR.
    expect(exactDecimal(rational(1n, 75n))).toBe('1/75');
    expect(exactDecimal(rational(-4000n, 217n))).toBe('-4000/217');
  });
});

describe('rounding each line, netting the rounded lines', () => {
  test('half-even per line in the settlement currency; the residue is net minus exact', () => {
    // fee 12 EUR, reimbursement 2.997 EUR at 1 EUR = 1.085 USD: 13.02 - 3.25 = 9.77 against 9.768255
    const { view, netMinor } = breakdown(
      {
        issuanceFee: rational(12n),
        reimbursement: rational(2997n, 1000n),
        adjustments: rational(0n),
        net: rational(9003n, 1000n),
      },
      'USD',
      rational(1085n, 1000n),
    );
    expect(netMinor).toBe(977n);
    expect(view).toMatchObject({
      net: { amount: '9.77', currency: 'USD' },
      netExact: '9.768255',
      roundingResidue: '0.001745',
    });
  });

  test('a currency without decimals rounds to whole units (JPY)', () => {
    const { view } = breakdown(
      {
        issuanceFee: rational(1n, 100n),
        reimbursement: rational(0n),
        adjustments: rational(0n),
        net: rational(1n, 100n),
      },
      'JPY',
      rational(16235n, 100n),
    );
    expect(view.net).toEqual({ amount: '2', currency: 'JPY' }); // 1.6235 -> 2
    expect(view.roundingResidue).toBe('0.3765');
  });

  test('line amounts are signed so that positive means the partner pays', () => {
    expect(lineAmount('earn', 1000, '0.012')).toBe('12');
    expect(lineAmount('earn_reversal', 100, '0.012')).toBe('-1.2');
    expect(lineAmount('debt_repayment', 10, '0.012')).toBe('-0.12');
    expect(lineAmount('redeem', 333, '0.009')).toBe('-2.997');
    expect(lineAmount('redeem_reversal', 50, '0.0085')).toBe('0.425');
    expect(lineAmount('expiry', 50, null)).toBeNull();
  });
});

describe('periods as differences of running totals', () => {
  const kind = (
    partnerId: string,
    kindName: string,
    unitPrice: string,
    points: bigint,
    transfers: bigint,
  ) => ({ partnerId, kind: kindName, unitPrice, points, transfers, walletPoints: points });
  const previous: Totals = {
    kinds: [kind('p1', 'earn', '0.012', 100n, 2n)],
    flows: [{ issuerPartnerId: 'p1', counterpartyId: 'p2', kind: 'redeem', points: 10n, draws: 1n }],
  };
  const current: Totals = {
    kinds: [
      kind('p1', 'earn', '0.012', 150n, 3n),
      kind('p1', 'earn', '0.013', 20n, 1n),
      kind('p2', 'redeem', '0.009', 5n, 1n),
    ],
    flows: [{ issuerPartnerId: 'p1', counterpartyId: 'p2', kind: 'redeem', points: 10n, draws: 1n }],
  };

  test('only what changed since the previous close, keys without activity dropped', () => {
    const period = periodTotals(current, previous);
    expect(
      period.kinds.map((row) => [row.partnerId, row.kind, row.unitPrice, row.points, row.transfers]),
    ).toEqual([
      ['p1', 'earn', '0.012', 50n, 1n],
      ['p1', 'earn', '0.013', 20n, 1n],
      ['p2', 'redeem', '0.009', 5n, 1n],
    ]);
    expect(period.flows).toEqual([]);
  });

  test('running totals never go down; if they did the close refuses rather than settling a negative period', () => {
    expect(() => periodTotals(previous, current)).toThrow(RangeError);
  });

  test('stored totals round-trip exactly, beyond the safe integer range', () => {
    const big: Totals = { kinds: [kind('p1', 'earn', '0.012', 2n ** 60n, 3n)], flows: [] };
    expect(parseTotals(serializeTotals(big))).toEqual(big);
  });
});

describe('canonical JSON', () => {
  test('keys sorted, no whitespace, same bytes for the same document', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 'x'], c: null } })).toBe('{"a":{"c":null,"d":[2,"x"]},"b":1}');
  });

  test('refuses what has no single byte form', () => {
    expect(() => canonicalJson({ amount: 0.1 })).toThrow(RangeError);
    expect(() => canonicalJson({ amount: 10n })).toThrow(TypeError);
  });
});

describe('payment instructions as CSV', () => {
  test("the partners' nets and the network's own net add up to zero in both columns", () => {
    const csv = settlementCsv({
      settlementId: 'stl_1',
      referenceCurrency: 'EUR',
      statements: [
        {
          partnerId: 'p,1',
          direction: 'partner_pays',
          net: { amount: '9.77', currency: 'USD' },
          netReference: { amount: '9.00', currency: 'EUR' },
          netReferenceExact: '9.003',
          digest: 'd1',
        },
        {
          partnerId: 'p2',
          direction: 'network_pays',
          net: { amount: '-0.63', currency: 'CZK' },
          netReference: { amount: '-0.03', currency: 'EUR' },
          netReferenceExact: '-0.025',
          digest: 'd2',
        },
      ],
      netting: { networkNet: { amount: '-8.97', currency: 'EUR' }, marginExact: '8.978' },
    } as never);
    expect(csv.split('\r\n')).toEqual([
      'settlement_id,partner_id,direction,currency,net,net_reference,net_reference_exact,statement_digest',
      'stl_1,"p,1",partner_pays,USD,9.77,9.00,9.003,d1',
      'stl_1,p2,network_pays,CZK,-0.63,-0.03,-0.025,d2',
      'stl_1,network,margin,EUR,,-8.97,-8.978,',
      '',
    ]);
  });
});

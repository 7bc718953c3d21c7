import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { LotBalance } from '../../../src/domain/ledger/lots.js';
import {
  allocatePoolDraw,
  type DrawPolicy,
  drawable,
  type PledgedWallet,
} from '../../../src/domain/pools/draw.js';

const DAY_MS = 86_400_000;
const START_MS = Date.parse('2026-01-01T00:00:00.000Z');

/** A lot expiring `days` after the start; ids sort in the order given. */
const lot = (
  id: string,
  pointsRemaining: number,
  days: number,
  issuerPartnerId = 'ptn_issuer',
): LotBalance => ({
  id,
  issuerPartnerId,
  pointsRemaining,
  expiresAt: START_MS + days * DAY_MS,
});

const wallet = (memberId: string, lots: LotBalance[], pledgeRemaining?: number): PledgedWallet => ({
  memberId,
  lots,
  pledgeRemaining,
});

/** Points per member of an allocation, in allocation order. */
const perMember = (wallets: readonly PledgedWallet[], points: number, policy: DrawPolicy) =>
  allocatePoolDraw(wallets, points, policy)?.map((allocation) => [
    allocation.memberId,
    allocation.draws.reduce((sum, draw) => sum + draw.points, 0),
  ]);

describe('drawable: what the pool may take from a wallet', () => {
  test('a pledge of all is every spendable point; a cap limits it; a spent cap is 0, never negative', () => {
    const lots = [lot('lot_a', 70, 10), lot('lot_b', 30, 20)];
    expect(drawable(wallet('mem_a', lots))).toBe(100);
    expect(drawable(wallet('mem_a', lots, 40))).toBe(40);
    expect(drawable(wallet('mem_a', lots, 500))).toBe(100);
    expect(drawable(wallet('mem_a', lots, 0))).toBe(0);
    expect(drawable(wallet('mem_a', lots, -5))).toBe(0);
  });
});

describe('soonest_expiring: the lots of all wallets together, first-expiring-first', () => {
  test('takes the soonest lot whichever wallet holds it', () => {
    const wallets = [
      wallet('mem_a', [lot('lot_a1', 100, 30), lot('lot_a2', 100, 90)]),
      wallet('mem_b', [lot('lot_b1', 50, 10), lot('lot_b2', 100, 60)]),
      wallet('mem_c', [lot('lot_c1', 80, 20)]),
    ];
    // Order of expiry: b1 (day 10) 50, c1 (day 20) 80, a1 (day 30) 100, b2 (day 60), a2 (day 90).
    // 200 points: b1 50 + c1 80 + a1 70.
    const allocation = allocatePoolDraw(wallets, 200, 'soonest_expiring');
    expect(allocation).toEqual([
      { memberId: 'mem_a', draws: [{ lotId: 'lot_a1', issuerPartnerId: 'ptn_issuer', points: 70 }] },
      { memberId: 'mem_b', draws: [{ lotId: 'lot_b1', issuerPartnerId: 'ptn_issuer', points: 50 }] },
      { memberId: 'mem_c', draws: [{ lotId: 'lot_c1', issuerPartnerId: 'ptn_issuer', points: 80 }] },
    ]);
  });

  test('a pledge cap stops a wallet, and the draw moves on to the next-expiring lot elsewhere', () => {
    const wallets = [
      wallet('mem_a', [lot('lot_a1', 100, 30)]),
      // Holds the soonest lots, but pledged only 60 points.
      wallet('mem_b', [lot('lot_b1', 50, 10), lot('lot_b2', 100, 15)], 60),
      wallet('mem_c', [lot('lot_c1', 80, 20)]),
    ];
    // b1 50, b2 10 (cap reached), c1 80, a1 60.
    const allocation = allocatePoolDraw(wallets, 200, 'soonest_expiring');
    expect(allocation).toEqual([
      { memberId: 'mem_a', draws: [{ lotId: 'lot_a1', issuerPartnerId: 'ptn_issuer', points: 60 }] },
      {
        memberId: 'mem_b',
        draws: [
          { lotId: 'lot_b1', issuerPartnerId: 'ptn_issuer', points: 50 },
          { lotId: 'lot_b2', issuerPartnerId: 'ptn_issuer', points: 10 },
        ],
      },
      { memberId: 'mem_c', draws: [{ lotId: 'lot_c1', issuerPartnerId: 'ptn_issuer', points: 80 }] },
    ]);
  });

  test('lots expiring at the same moment are taken in lot id order', () => {
    const wallets = [wallet('mem_a', [lot('lot_2', 10, 5)]), wallet('mem_b', [lot('lot_1', 10, 5)])];
    expect(perMember(wallets, 15, 'soonest_expiring')).toEqual([
      ['mem_a', 5],
      ['mem_b', 10],
    ]);
  });

  test('a wallet with a pledge of 0 gives nothing', () => {
    const wallets = [wallet('mem_a', [lot('lot_a1', 100, 1)], 0), wallet('mem_b', [lot('lot_b1', 100, 50)])];
    expect(perMember(wallets, 100, 'soonest_expiring')).toEqual([['mem_b', 100]]);
  });
});

describe('proportional: in proportion to what each wallet can give, largest remainder rounding', () => {
  test('capacities 5, 3, 2 and 7 points: exact 3.5, 2.1, 1.4; floors 3, 2, 1; the one left goes to .5: 4, 2, 1', () => {
    const wallets = [
      wallet('mem_a', [lot('lot_a', 5, 10)]),
      wallet('mem_b', [lot('lot_b', 3, 10)]),
      wallet('mem_c', [lot('lot_c', 2, 10)]),
    ];
    expect(perMember(wallets, 7, 'proportional')).toEqual([
      ['mem_a', 4],
      ['mem_b', 2],
      ['mem_c', 1],
    ]);
  });

  test('two left over go to the two largest remainders; a smaller remainder gets none', () => {
    // Capacities 7, 2, 1 and 6 points: exact 4.2, 1.2, 0.6 -> floors 4, 1, 0; one left, to .6: 4, 1, 1.
    const uneven = [
      wallet('mem_a', [lot('lot_a', 7, 10)]),
      wallet('mem_b', [lot('lot_b', 2, 10)]),
      wallet('mem_c', [lot('lot_c', 1, 10)]),
    ];
    expect(perMember(uneven, 6, 'proportional')).toEqual([
      ['mem_a', 4],
      ['mem_b', 1],
      ['mem_c', 1],
    ]);
    // Capacities 4, 4, 4, 3 and 10 points: exact 2.67, 2.67, 2.67, 2.0 -> floors 2, 2, 2, 2; two left
    // among three equal remainders -> the two lower ids: 3, 3, 2, 2.
    const wallets = ['mem_a', 'mem_b', 'mem_c'].map((memberId) =>
      wallet(memberId, [lot(`lot_${memberId}`, 4, 10)]),
    );
    expect(perMember([...wallets, wallet('mem_d', [lot('lot_d', 3, 10)])], 10, 'proportional')).toEqual([
      ['mem_a', 3],
      ['mem_b', 3],
      ['mem_c', 2],
      ['mem_d', 2],
    ]);
  });

  test('equal remainders: the lower member id gets the point, whatever the wallet order', () => {
    // Capacities 1, 1, 1 and 2 points: exact 2/3 each, floors 0; two left, all remainders tie -> mem_a, mem_b.
    const wallets = [
      wallet('mem_c', [lot('lot_c', 1, 10)]),
      wallet('mem_a', [lot('lot_a', 1, 10)]),
      wallet('mem_b', [lot('lot_b', 1, 10)]),
    ];
    expect(perMember(wallets, 2, 'proportional')).toEqual([
      ['mem_a', 1],
      ['mem_b', 1],
    ]);
    // Capacities 2 and 2, 1 point: exact .5 and .5 -> the lower id, mem_x over mem_y.
    const pair = [wallet('mem_y', [lot('lot_y', 2, 10)]), wallet('mem_x', [lot('lot_x', 2, 10)])];
    expect(perMember(pair, 1, 'proportional')).toEqual([['mem_x', 1]]);
  });

  test("a pledge cap limits the wallet's capacity, and so its share", () => {
    // mem_a holds 1000 but pledged 100; mem_b holds 300 with all pledged. Capacities 100 and 300,
    // 200 points: exact 50 and 150.
    const wallets = [
      wallet('mem_a', [lot('lot_a', 1000, 10)], 100),
      wallet('mem_b', [lot('lot_b', 300, 10)]),
    ];
    expect(perMember(wallets, 200, 'proportional')).toEqual([
      ['mem_a', 50],
      ['mem_b', 150],
    ]);
    // The whole capacity: each wallet exactly at its cap.
    expect(perMember(wallets, 400, 'proportional')).toEqual([
      ['mem_a', 100],
      ['mem_b', 300],
    ]);
  });

  test('inside each wallet, lots first-expiring-first', () => {
    const wallets = [
      wallet('mem_a', [lot('lot_a_late', 50, 90), lot('lot_a_soon', 10, 5), lot('lot_a_mid', 40, 30)]),
      wallet('mem_b', [lot('lot_b', 100, 1)]),
    ];
    // Capacities 100 and 100, 120 points: 60 each. mem_a: soon 10, mid 40, late 10.
    expect(allocatePoolDraw(wallets, 120, 'proportional')).toEqual([
      {
        memberId: 'mem_a',
        draws: [
          { lotId: 'lot_a_soon', issuerPartnerId: 'ptn_issuer', points: 10 },
          { lotId: 'lot_a_mid', issuerPartnerId: 'ptn_issuer', points: 40 },
          { lotId: 'lot_a_late', issuerPartnerId: 'ptn_issuer', points: 10 },
        ],
      },
      { memberId: 'mem_b', draws: [{ lotId: 'lot_b', issuerPartnerId: 'ptn_issuer', points: 60 }] },
    ]);
  });
});

describe('a draw the wallets cannot cover', () => {
  const wallets = [wallet('mem_a', [lot('lot_a', 100, 10)], 30), wallet('mem_b', [lot('lot_b', 20, 10)])];

  test.each(['soonest_expiring', 'proportional'] as const)(
    '%s: more than the pledged total is undefined; exactly the total is drawn',
    (policy) => {
      expect(allocatePoolDraw(wallets, 51, policy)).toBeUndefined();
      expect(perMember(wallets, 50, policy)).toEqual([
        ['mem_a', 30],
        ['mem_b', 20],
      ]);
    },
  );

  test.each(['soonest_expiring', 'proportional'] as const)(
    '%s: zero points, no wallets, or empty wallets are undefined',
    (policy) => {
      expect(allocatePoolDraw(wallets, 0, policy)).toBeUndefined();
      expect(allocatePoolDraw([], 1, policy)).toBeUndefined();
      expect(allocatePoolDraw([wallet('mem_a', [])], 1, policy)).toBeUndefined();
    },
  );
});

/** Up to five wallets of up to four lots each, with or without a pledge cap, and distinct member ids. */
const walletsArbitrary = (maxPoints: number) =>
  fc
    .array(
      fc.record({
        lots: fc.array(
          fc.record({
            points: fc.integer({ min: 1, max: maxPoints }),
            days: fc.integer({ min: 1, max: 1000 }),
          }),
          { maxLength: 4 },
        ),
        cap: fc.option(fc.integer({ min: 0, max: maxPoints * 4 }), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 5 },
    )
    .map((specs) =>
      specs.map((spec, walletIndex) =>
        wallet(
          `mem_${String.fromCharCode(97 + ((walletIndex * 3) % 5))}${walletIndex}`,
          spec.lots.map((entry, lotIndex) => lot(`lot_${walletIndex}_${lotIndex}`, entry.points, entry.days)),
          spec.cap,
        ),
      ),
    );

/** Checks an allocation against the wallets: exact sum, within each wallet's drawable, within each lot. */
function expectValidAllocation(wallets: readonly PledgedWallet[], points: number, policy: DrawPolicy) {
  const capacity = wallets.reduce((total, entry) => total + drawable(entry), 0);
  const allocation = allocatePoolDraw(wallets, points, policy);
  if (points > capacity) {
    expect(allocation).toBeUndefined();
    return;
  }
  expect(allocation).toBeDefined();
  let total = 0;
  for (const entry of allocation ?? []) {
    const source = wallets.find((candidate) => candidate.memberId === entry.memberId);
    expect(source).toBeDefined();
    const drawn = entry.draws.reduce((sum, draw) => sum + draw.points, 0);
    expect(drawn).toBeGreaterThan(0);
    expect(drawn).toBeLessThanOrEqual(drawable(source as PledgedWallet));
    for (const draw of entry.draws) {
      const drawnLot = source?.lots.find((candidate) => candidate.id === draw.lotId);
      expect(draw.points).toBeGreaterThan(0);
      expect(draw.points).toBeLessThanOrEqual(drawnLot?.pointsRemaining ?? 0);
      expect(draw.issuerPartnerId).toBe(drawnLot?.issuerPartnerId);
    }
    expect(new Set(entry.draws.map((draw) => draw.lotId)).size).toBe(entry.draws.length);
    total += drawn;
  }
  expect(total).toBe(points);
}

describe('properties of every draw', () => {
  test.each(['soonest_expiring', 'proportional'] as const)(
    '%s: sums to the points, never over a wallet drawable, never over a lot; undefined only when the pool cannot cover it',
    (policy) => {
      fc.assert(
        fc.property(walletsArbitrary(500), fc.integer({ min: 1, max: 3000 }), (wallets, points) =>
          expectValidAllocation(wallets, points, policy),
        ),
        { numRuns: 500 },
      );
    },
  );

  test.each(['soonest_expiring', 'proportional'] as const)(
    '%s: exact with wallets of billions of points',
    (policy) => {
      fc.assert(
        fc.property(
          walletsArbitrary(4_000_000_000),
          fc.integer({ min: 1, max: 20_000_000_000 }),
          (wallets, points) => expectValidAllocation(wallets, points, policy),
        ),
        { numRuns: 300 },
      );
    },
  );

  test('proportional: each share is the floor or the ceiling of its exact share', () => {
    fc.assert(
      fc.property(walletsArbitrary(500), fc.integer({ min: 1, max: 3000 }), (wallets, points) => {
        const capacity = wallets.map(drawable);
        const total = capacity.reduce((sum, value) => sum + value, 0);
        fc.pre(points <= total);
        const allocation = allocatePoolDraw(wallets, points, 'proportional') ?? [];
        wallets.forEach((entry, index) => {
          const share =
            allocation
              .find((candidate) => candidate.memberId === entry.memberId)
              ?.draws.reduce((sum, draw) => sum + draw.points, 0) ?? 0;
          const exact = (points * (capacity[index] ?? 0)) / total;
          expect(share).toBeGreaterThanOrEqual(Math.floor(exact));
          expect(share).toBeLessThanOrEqual(Math.ceil(exact));
        });
      }),
      { numRuns: 500 },
    );
  });
});

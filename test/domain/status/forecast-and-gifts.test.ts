import { describe, expect, test } from 'vitest';
import { rational } from '../../../src/domain/rational.js';
import { computeStatus } from '../../../src/domain/status/compute.js';
import { forecast, nextChange, nextDowngrade, nextReviewAt } from '../../../src/domain/status/forecast.js';
import { earnGapGift, giftMessage, windowEndGapGift } from '../../../src/domain/status/gap.js';
import {
  bonusPointsFor,
  creditsToTakeBack,
  qualifyingCreditsFor,
} from '../../../src/domain/status/qualifying.js';
import { statusInput } from './fixtures.js';

const iso = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString();

describe('forecast', () => {
  test('a member with Silver sees what keeps it and what reaches Gold, by the window’s last day', () => {
    const input = statusInput('2027-06-01T00:00:00Z', [
      ['2026-04-01T00:00:00Z', 1200],
      ['2027-02-01T00:00:00Z', 800],
    ]);
    const result = forecast(input);
    expect({ tier: result.keep?.tier.code, credits: result.keep?.credits, by: iso(result.keep?.by) }).toEqual(
      {
        tier: 'silver',
        credits: 200,
        by: '2028-01-01T00:00:00.000Z',
      },
    );
    expect({ tier: result.next?.tier.code, credits: result.next?.credits, by: iso(result.next?.by) }).toEqual(
      {
        tier: 'gold',
        credits: 2200,
        by: '2028-01-01T00:00:00.000Z',
      },
    );
    expect({ at: iso(result.downgrade?.at), tier: result.downgrade?.tier }).toEqual({
      at: '2028-01-01T00:00:00.000Z',
      tier: null,
    });
  });

  test('a tier already requalified is kept by the next window’s full threshold', () => {
    const result = forecast(statusInput('2027-06-01T00:00:00Z', [['2027-02-01T00:00:00Z', 3100]]));
    expect({ credits: result.keep?.credits, by: iso(result.keep?.by) }).toEqual({
      credits: 3000,
      by: '2029-01-01T00:00:00.000Z',
    });
    expect(result.downgrade).toEqual({
      at: Date.parse('2029-01-01T00:00:00Z'),
      tier: expect.objectContaining({ code: 'silver' }),
    });
  });

  test('with a grace period the downgrade comes when the grace ends, the validity change before it', () => {
    const input = statusInput('2027-06-01T00:00:00Z', [['2026-02-01T00:00:00Z', 3100]], {
      settings: { window: 'calendar_year', graceDays: 30 },
    });
    expect(iso(nextChange(input)?.at)).toBe('2028-01-01T00:00:00.000Z');
    const downgrade = nextDowngrade(input);
    expect({ at: iso(downgrade?.at), tier: downgrade?.tier?.code }).toEqual({
      at: '2028-01-31T00:00:00.000Z',
      tier: 'silver',
    });
    const review = nextReviewAt(input, computeStatus(input), {
      giftAtWindowEnd: true,
      maxGapCredits: 50,
      noticeDays: 45,
      noticeSentFor: null,
    });
    expect(iso(review)).toBe('2027-12-17T00:00:00.000Z');
  });

  test('a member with nothing in reach has nothing to review', () => {
    const input = statusInput('2026-06-01T00:00:00Z', [['2026-02-01T00:00:00Z', 100]]);
    expect(
      nextReviewAt(input, computeStatus(input), {
        giftAtWindowEnd: true,
        maxGapCredits: 50,
        noticeDays: 30,
        noticeSentFor: null,
      }),
    ).toBeNull();
  });
});

describe('gap gifts', () => {
  const endOf2026 = (credits: number) =>
    statusInput('2027-01-01T01:00:00Z', [['2026-06-01T00:00:00Z', credits]]);

  test.each([
    { credits: 2950, gift: 50, name: 'exactly at the gap' },
    { credits: 2951, gift: 49, name: 'just inside the gap' },
    { credits: 2949, gift: null, name: 'just outside the gap' },
    { credits: 3000, gift: null, name: 'at the threshold already' },
  ])('at a window’s end, $name: $gift', ({ credits, gift }) => {
    const found = windowEndGapGift(endOf2026(credits), 50);
    expect(found?.credits ?? null).toBe(gift);
    if (found !== null) {
      expect(found.tier.code).toBe('gold');
      expect(iso(found.qualifyingAt)).toBe('2026-12-31T23:59:59.999Z');
      expect(giftMessage(found)).toBe(`We added the last ${gift} — welcome to Gold`);
    }
  });

  test('a gift that keeps the tier the member would lose says so', () => {
    const input = statusInput('2028-01-01T01:00:00Z', [
      ['2026-06-01T00:00:00Z', 3100],
      ['2027-06-01T00:00:00Z', 2980],
    ]);
    const gift = windowEndGapGift(input, 50);
    expect(gift === null ? null : giftMessage(gift)).toBe('We added the last 20 — you keep Gold');
  });

  test('no gift when it would change nothing (soft landing keeps Gold anyway)', () => {
    const input = statusInput('2028-01-01T01:00:00Z', [
      ['2026-06-01T00:00:00Z', 6100],
      ['2027-06-01T00:00:00Z', 2980],
    ]);
    expect(windowEndGapGift(input, 50)).toBeNull();
  });

  test('at an earn, a gift that raises the tier now', () => {
    const gift = earnGapGift(statusInput('2026-06-01T00:00:00Z', [['2026-06-01T00:00:00Z', 2960]]), 50);
    expect({ credits: gift?.credits, tier: gift?.tier.code, at: iso(gift?.qualifyingAt) }).toEqual({
      credits: 40,
      tier: 'gold',
      at: '2026-06-01T00:00:00.000Z',
    });
  });
});

describe('qualifying arithmetic', () => {
  test('credits follow points and the partner’s weight, rounded down', () => {
    expect(qualifyingCreditsFor(500, rational(1n))).toBe(500);
    expect(qualifyingCreditsFor(333, rational(3n, 2n))).toBe(499);
    expect(qualifyingCreditsFor(333, rational(0n))).toBe(0);
  });

  test('refunds take back in proportion, never more than earned in total', () => {
    const first = creditsToTakeBack(101, 300n, 0n, 100n);
    const second = creditsToTakeBack(101, 300n, 100n, 100n);
    const third = creditsToTakeBack(101, 300n, 200n, 100n);
    expect([first, second, third]).toEqual([33, 34, 34]);
    expect(first + second + third).toBe(101);
  });

  test('a 1.25x multiplier adds a quarter of the points, rounded down', () => {
    expect(bonusPointsFor(333, rational(1n, 4n))).toBe(83);
  });
});

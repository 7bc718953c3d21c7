import type { ChallengeInput, StatusInput } from '../../../src/domain/status/compute.js';
import type { Ladder, Tier } from '../../../src/domain/status/ladder.js';
import { monthKey } from '../../../src/domain/status/windows.js';

export const at = (iso: string) => Date.parse(iso);

export function tier(code: string, threshold: number, overrides: Partial<Tier> = {}): Tier {
  return {
    code,
    name: code[0]?.toUpperCase() + code.slice(1),
    threshold,
    lifetimeAfterYears: null,
    benefits: {
      description: `${code} benefits`,
      earnMultiplier: null,
      roomUpgradeEligible: false,
      perks: [],
    },
    ...overrides,
  };
}

/** Silver 1,000, Gold 3,000, Platinum 6,000, in force since 2020. */
export const LADDER: Ladder = {
  id: 'ladder_1',
  effectiveFrom: at('2020-01-01T00:00:00Z'),
  tiers: [tier('silver', 1000), tier('gold', 3000), tier('platinum', 6000)],
};

/** Credits per month from `[isoMoment, credits]` pairs. */
export function monthsOf(entries: readonly (readonly [string, number])[]): Map<string, number> {
  const months = new Map<string, number>();
  for (const [moment, credits] of entries) {
    const key = monthKey(at(moment));
    months.set(key, (months.get(key) ?? 0) + credits);
  }
  return months;
}

export function statusInput(
  now: string,
  entries: readonly (readonly [string, number])[],
  overrides: Partial<StatusInput> = {},
): StatusInput {
  return {
    nowMs: at(now),
    settings: { window: 'calendar_year', graceDays: 0 },
    enrolledAt: at('2025-03-17T10:00:00Z'),
    ladders: [LADDER],
    months: monthsOf(entries),
    challenges: [],
    ...overrides,
  };
}

export function challenge(overrides: Partial<ChallengeInput> = {}): ChallengeInput {
  return {
    id: 'chl_1',
    tierCode: 'gold',
    startsAt: at('2026-02-01T00:00:00Z'),
    endsAt: at('2026-05-02T00:00:00Z'),
    targetCredits: 1500,
    credits: [],
    ...overrides,
  };
}

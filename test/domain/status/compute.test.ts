import { describe, expect, test } from 'vitest';
import { computeStatus } from '../../../src/domain/status/compute.js';
import { explainStatus } from '../../../src/domain/status/explain.js';
import { windowAt } from '../../../src/domain/status/windows.js';
import { at, challenge, LADDER, statusInput, tier } from './fixtures.js';

const summary = (input: Parameters<typeof computeStatus>[0]) => {
  const status = computeStatus(input);
  return {
    tier: status.tier?.code ?? null,
    basis: status.basis,
    validUntil: status.validUntil === null ? null : new Date(status.validUntil).toISOString(),
  };
};

describe('qualification, validity and soft landing (calendar years)', () => {
  test('without credits a member has no tier, and is told what the first one needs', () => {
    const status = computeStatus(statusInput('2025-06-01T00:00:00Z', []));
    expect(status.tier).toBeNull();
    expect(explainStatus(status)).toBe(
      'No tier yet: 0 qualifying credits between 1 Jan 2025 and 31 Dec 2025; Silver needs 1,000.',
    );
  });

  test('a tier reached in a window holds until the end of the following one, and says why', () => {
    const input = statusInput('2026-10-01T00:00:00Z', [
      ['2026-02-10T00:00:00Z', 1240],
      ['2026-09-30T00:00:00Z', 2000],
    ]);
    expect(summary(input)).toEqual({
      tier: 'gold',
      basis: 'qualified',
      validUntil: '2028-01-01T00:00:00.000Z',
    });
    expect(explainStatus(computeStatus(input))).toBe(
      'Gold until 31 Dec 2027: 3,240 qualifying credits between 1 Jan 2026 and 31 Dec 2026.',
    );
  });

  test('in the following window the tier is retained, explained by the window that earned it', () => {
    const input = statusInput('2027-06-01T00:00:00Z', [['2026-02-10T00:00:00Z', 3240]]);
    expect(summary(input)).toEqual({
      tier: 'gold',
      basis: 'retained',
      validUntil: '2028-01-01T00:00:00.000Z',
    });
    expect(explainStatus(computeStatus(input))).toBe(
      'Gold until 31 Dec 2027: 3,240 qualifying credits between 1 Jan 2026 and 31 Dec 2026.',
    );
  });

  test('a window that does not requalify drops one tier, never more (soft landing)', () => {
    const entries = [['2026-02-10T00:00:00Z', 6500]] as const;
    expect(summary(statusInput('2027-06-01T00:00:00Z', entries)).tier).toBe('platinum');
    const landed = computeStatus(statusInput('2028-02-01T00:00:00Z', entries));
    expect(landed.tier?.code).toBe('gold');
    expect(landed.basis).toBe('soft_landing');
    expect(explainStatus(landed)).toBe(
      'Gold until 31 Dec 2028: one tier below Platinum, as 0 qualifying credits between 1 Jan 2027 and 31 Dec 2027 did not keep it.',
    );
    expect(summary(statusInput('2029-02-01T00:00:00Z', entries)).tier).toBe('silver');
    expect(summary(statusInput('2030-02-01T00:00:00Z', entries)).tier).toBeNull();
  });

  test('soft landing keeps what the window qualified for when that is more than one tier down', () => {
    const input = statusInput('2028-02-01T00:00:00Z', [
      ['2026-02-10T00:00:00Z', 6500],
      ['2027-05-01T00:00:00Z', 3100],
    ]);
    expect(summary(input)).toEqual({
      tier: 'gold',
      basis: 'retained',
      validUntil: '2029-01-01T00:00:00.000Z',
    });
  });

  test('credits reaching a higher tier mid-window upgrade at once', () => {
    const input = statusInput('2027-04-01T00:00:00Z', [
      ['2026-02-10T00:00:00Z', 1200],
      ['2027-03-01T00:00:00Z', 3000],
    ]);
    expect(summary(input)).toEqual({
      tier: 'gold',
      basis: 'qualified',
      validUntil: '2029-01-01T00:00:00.000Z',
    });
  });

  test('a refund that takes a window below its threshold takes the status it gave', () => {
    const earned = statusInput('2027-01-15T00:00:00Z', [['2026-11-10T00:00:00Z', 3100]]);
    expect(summary(earned).tier).toBe('gold');
    const refunded = statusInput('2027-01-15T00:00:00Z', [
      ['2026-11-10T00:00:00Z', 3100],
      ['2026-11-10T00:00:00Z', -200],
    ]);
    expect(summary(refunded).tier).toBe('silver');
  });
});

describe('grace, lifetime and rolling windows', () => {
  const grace = { window: 'calendar_year', graceDays: 30 } as const;

  test('in the grace period the tier held at the end of the last window is kept, then it lands', () => {
    const entries = [['2026-02-10T00:00:00Z', 3240]] as const;
    expect(summary(statusInput('2028-01-15T00:00:00Z', entries, { settings: grace }))).toEqual({
      tier: 'gold',
      basis: 'grace',
      validUntil: '2028-01-31T00:00:00.000Z',
    });
    expect(summary(statusInput('2028-01-31T00:00:00Z', entries, { settings: grace })).tier).toBe('silver');
  });

  test('a tier reached in enough windows is kept for life', () => {
    const ladder = {
      ...LADDER,
      tiers: [tier('silver', 1000), tier('gold', 3000, { lifetimeAfterYears: 2 }), tier('platinum', 6000)],
    };
    const entries = [
      ['2025-05-01T00:00:00Z', 3000],
      ['2026-05-01T00:00:00Z', 6200],
    ] as const;
    const status = computeStatus(statusInput('2031-05-01T00:00:00Z', entries, { ladders: [ladder] }));
    expect(status.tier?.code).toBe('gold');
    expect(status.basis).toBe('lifetime');
    expect(status.validUntil).toBeNull();
    expect(explainStatus(status)).toBe('Gold for life: 2 qualification years at Gold or above.');
  });

  test('rolling 12 months: each member qualifies from the first day of the month they enrolled in', () => {
    const rolling = { window: 'rolling_12_months', graceDays: 0 } as const;
    const window = windowAt('rolling_12_months', at('2025-03-17T10:00:00Z'), at('2026-02-28T23:00:00Z'));
    expect(new Date(window.start).toISOString()).toBe('2025-03-01T00:00:00.000Z');
    expect(new Date(window.end).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    const input = statusInput('2026-02-01T00:00:00Z', [['2025-12-10T00:00:00Z', 1100]], {
      settings: rolling,
    });
    expect(summary(input)).toEqual({
      tier: 'silver',
      basis: 'qualified',
      validUntil: '2027-03-01T00:00:00.000Z',
    });
    const afterwards = statusInput('2026-03-05T00:00:00Z', [['2025-12-10T00:00:00Z', 1100]], {
      settings: rolling,
    });
    expect(summary(afterwards)).toEqual({
      tier: 'silver',
      basis: 'retained',
      validUntil: '2027-03-01T00:00:00.000Z',
    });
  });

  test('a window is judged by the ladder in force when it ended', () => {
    const raised = {
      id: 'ladder_2',
      effectiveFrom: at('2027-06-01T00:00:00Z'),
      tiers: [tier('silver', 1000), tier('gold', 4000), tier('platinum', 8000)],
    };
    const entries = [['2026-02-10T00:00:00Z', 3240]] as const;
    expect(summary(statusInput('2027-07-01T00:00:00Z', entries, { ladders: [LADDER, raised] })).tier).toBe(
      'gold',
    );
    const thisYear = [['2027-07-02T00:00:00Z', 3240]] as const;
    expect(summary(statusInput('2027-08-01T00:00:00Z', thisYear, { ladders: [LADDER, raised] })).tier).toBe(
      'silver',
    );
  });
});

describe('matches and challenges', () => {
  test('a challenge holds its tier on trial until it ends, and lapses when the target is missed', () => {
    const trial = challenge({ credits: [{ at: at('2026-03-01T00:00:00Z'), credits: 700 }] });
    const during = computeStatus(
      statusInput('2026-04-01T00:00:00Z', [['2026-03-01T00:00:00Z', 700]], { challenges: [trial] }),
    );
    expect(during.tier?.code).toBe('gold');
    expect(during.basis).toBe('trial');
    expect(explainStatus(during)).toBe(
      'Gold on trial until 1 May 2026: 700 of 1,500 qualifying credits earned so far keep it.',
    );
    const after = statusInput('2026-05-10T00:00:00Z', [['2026-03-01T00:00:00Z', 700]], {
      challenges: [trial],
    });
    expect(summary(after).tier).toBeNull();
  });

  test('a challenge met in time counts as qualifying for its tier in that window', () => {
    const met = challenge({
      credits: [
        { at: at('2026-03-01T00:00:00Z'), credits: 700 },
        { at: at('2026-03-15T00:00:00Z'), credits: 900 },
      ],
    });
    const input = statusInput(
      '2026-06-01T00:00:00Z',
      [
        ['2026-03-01T00:00:00Z', 700],
        ['2026-03-15T00:00:00Z', 900],
      ],
      { challenges: [met] },
    );
    expect(summary(input)).toEqual({
      tier: 'gold',
      basis: 'challenge',
      validUntil: '2028-01-01T00:00:00.000Z',
    });
  });

  test('a match (a target of 0) is met the moment it starts', () => {
    const match = challenge({ targetCredits: 0 });
    expect(summary(statusInput('2026-02-02T00:00:00Z', [], { challenges: [match] })).basis).toBe('challenge');
  });
});

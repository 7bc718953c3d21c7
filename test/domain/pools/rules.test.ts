import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import type { PoolSettings } from '../../../src/domain/pools/rules.js';
import {
  checkMayJoin,
  defaultMembership,
  type MembershipHistory,
  maxMembers,
  monthOf,
} from '../../../src/domain/pools/rules.js';

const DAY_MS = 86_400_000;
const NOW_MS = Date.parse('2026-11-23T09:00:00.000Z');

function settings(environment: Record<string, string> = {}): PoolSettings {
  const loaded = loadConfig(environment);
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.config.pools;
}

const fresh: MembershipHistory = {
  activeHouseholds: 0,
  activeFriendPools: 0,
  lastHouseholdLeftAt: undefined,
};

describe('the network settings for pools', () => {
  test('default to households of 8, 180 days of lockout, friends of 10, 3 friend pools, invites of 7 days', () => {
    expect(settings()).toEqual({
      householdMaxMembers: 8,
      householdLockoutDays: 180,
      friendsMaxMembers: 10,
      friendPoolsPerMember: 3,
      inviteDays: 7,
    });
    expect(maxMembers('household', settings())).toBe(8);
    expect(maxMembers('friends', settings())).toBe(10);
    expect(maxMembers('household', settings({ HOUSEHOLD_MAX_MEMBERS: '3' }))).toBe(3);
  });
});

describe('checkMayJoin', () => {
  test('a member in no pool may enter either kind', () => {
    expect(checkMayJoin('household', fresh, settings(), NOW_MS)).toBeUndefined();
    expect(checkMayJoin('friends', fresh, settings(), NOW_MS)).toBeUndefined();
  });

  test('one household at a time', () => {
    expect(checkMayJoin('household', { ...fresh, activeHouseholds: 1 }, settings(), NOW_MS)).toMatchObject({
      code: 'already_in_household',
    });
  });

  test('180 days after leaving a household: refused up to the last millisecond, with the date; allowed from then on', () => {
    const leftAt = NOW_MS;
    const history = { ...fresh, lastHouseholdLeftAt: leftAt };
    const until = new Date(leftAt + 180 * DAY_MS).toISOString();
    expect(checkMayJoin('household', history, settings(), leftAt + 179 * DAY_MS)).toEqual({
      code: 'household_lockout',
      detail: `After leaving a household a member may join another from ${until}.`,
      extensions: { lockoutUntil: until },
    });
    expect(checkMayJoin('household', history, settings(), leftAt + 180 * DAY_MS - 1)).toMatchObject({
      code: 'household_lockout',
    });
    expect(checkMayJoin('household', history, settings(), leftAt + 180 * DAY_MS)).toBeUndefined();
    expect(
      checkMayJoin('household', history, settings({ HOUSEHOLD_LOCKOUT_DAYS: '0' }), leftAt),
    ).toBeUndefined();
  });

  test('the household lockout does not keep anyone out of friend pools', () => {
    expect(
      checkMayJoin(
        'friends',
        { ...fresh, activeHouseholds: 1, lastHouseholdLeftAt: NOW_MS },
        settings(),
        NOW_MS,
      ),
    ).toBeUndefined();
  });

  test('at most 3 friend pools, whatever the households', () => {
    expect(checkMayJoin('friends', { ...fresh, activeFriendPools: 2 }, settings(), NOW_MS)).toBeUndefined();
    expect(checkMayJoin('friends', { ...fresh, activeFriendPools: 3 }, settings(), NOW_MS)).toMatchObject({
      code: 'too_many_friend_pools',
      extensions: { limit: 3 },
    });
    expect(checkMayJoin('household', { ...fresh, activeFriendPools: 3 }, settings(), NOW_MS)).toBeUndefined();
  });
});

describe('defaults and months', () => {
  test('households pledge all and may redeem; friends pledge 0 and may not', () => {
    expect(defaultMembership('household')).toEqual({ pledgeCapPoints: null, mayRedeem: true });
    expect(defaultMembership('friends')).toEqual({ pledgeCapPoints: 0, mayRedeem: false });
  });

  test('monthly limits count per calendar month in UTC', () => {
    expect(monthOf(Date.parse('2026-11-30T23:59:59.999Z'))).toBe('2026-11');
    expect(monthOf(Date.parse('2026-12-01T00:00:00.000Z'))).toBe('2026-12');
    // Already December in Prague, still November in UTC.
    expect(monthOf(Date.parse('2026-12-01T00:30:00.000+01:00'))).toBe('2026-11');
  });
});

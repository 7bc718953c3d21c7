import { type DomainError, domainError } from '../errors.js';

export type PoolKind = 'household' | 'friends';

/** The pool limits of the network; settings, not code. */
export interface PoolSettings {
  readonly householdMaxMembers: number;
  readonly householdLockoutDays: number;
  readonly friendsMaxMembers: number;
  readonly friendPoolsPerMember: number;
  readonly inviteDays: number;
}

/** Why a member may not enter a pool of a kind. */
export const JOINING_REFUSALS = [
  'already_in_household',
  'household_lockout',
  'too_many_friend_pools',
] as const;
const DAY_MS = 86_400_000;

/** A member's memberships, as the joining rules need them. */
export interface MembershipHistory {
  readonly activeHouseholds: number;
  readonly activeFriendPools: number;
  /** When the member last left a household, if ever. */
  readonly lastHouseholdLeftAt: number | undefined;
}

export function maxMembers(kind: PoolKind, settings: PoolSettings): number {
  return kind === 'household' ? settings.householdMaxMembers : settings.friendsMaxMembers;
}

/** Whether a member may enter a pool of this kind now (as owner or by invite). */
export function checkMayJoin(
  kind: PoolKind,
  history: MembershipHistory,
  settings: PoolSettings,
  nowMs: number,
): DomainError<(typeof JOINING_REFUSALS)[number]> | undefined {
  if (kind === 'household') {
    if (history.activeHouseholds > 0)
      return domainError('already_in_household', 'A member can be in one household at a time.');
    if (history.lastHouseholdLeftAt !== undefined) {
      const until = history.lastHouseholdLeftAt + settings.householdLockoutDays * DAY_MS;
      if (until > nowMs) {
        const date = new Date(until).toISOString();
        return domainError(
          'household_lockout',
          `After leaving a household a member may join another from ${date}.`,
          { lockoutUntil: date },
        );
      }
    }
    return undefined;
  }
  if (history.activeFriendPools >= settings.friendPoolsPerMember) {
    return domainError(
      'too_many_friend_pools',
      `A member may be in at most ${settings.friendPoolsPerMember} friend pools.`,
      {
        limit: settings.friendPoolsPerMember,
      },
    );
  }
  return undefined;
}

/** Households pledge everything and may redeem by default; friends pledge nothing until they choose. */
export function defaultMembership(kind: PoolKind): { pledgeCapPoints: number | null; mayRedeem: boolean } {
  return kind === 'household'
    ? { pledgeCapPoints: null, mayRedeem: true }
    : { pledgeCapPoints: 0, mayRedeem: false };
}

/** The calendar month (UTC) monthly limits count in. */
export function monthOf(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 7);
}

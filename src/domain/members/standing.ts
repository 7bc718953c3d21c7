import { type DomainError, domainError } from '../errors.js';

/** What a write naming a member can be refused with when the membership is not in use. */
export const STANDING_REFUSALS = ['member_not_found', 'member_merged', 'member_erased'] as const;
export type StandingRefusal = (typeof STANDING_REFUSALS)[number];

/** A membership's standing, as the members table keeps it. */
export interface Standing {
  readonly id: string;
  readonly status: 'active' | 'merged' | 'erased';
  readonly mergedIntoMemberId: string | null;
}

/**
 * Why a membership cannot be used, or null when it is active. A merged membership answers where
 * it went, so a partner holding the old id can move on to the surviving one; an erased one says so.
 */
export function standingRefusal(member: Standing): DomainError<StandingRefusal> | null {
  if (member.status === 'merged') {
    return domainError(
      'member_merged',
      `Member ${member.id} was merged into ${member.mergedIntoMemberId}; use that id.`,
      { mergedIntoMemberId: member.mergedIntoMemberId },
    );
  }
  if (member.status === 'erased')
    return domainError('member_erased', `Member ${member.id} asked for their data to be erased.`);
  return null;
}

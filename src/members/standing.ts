import type { Database } from '../db/database.js';
import { findMember, type MemberRow } from '../db/members.js';
import { type DomainError, domainError } from '../domain/errors.js';

/** What a write naming a member can be refused with when the membership is not in use. */
export const STANDING_REFUSALS = ['member_not_found', 'member_merged', 'member_erased'] as const;
export type StandingRefusal = (typeof STANDING_REFUSALS)[number];

/**
 * The member a write is about, if it is active. A merged membership answers where it went, so a
 * partner holding the old id can move on to the surviving one; an erased one says so.
 */
export async function activeMember(
  db: Database,
  memberId: string,
): Promise<MemberRow | DomainError<StandingRefusal>> {
  const member = await findMember(db, memberId);
  return member === undefined
    ? domainError('member_not_found', `Member ${memberId} does not exist.`)
    : standing(member);
}

export function standing(member: MemberRow): MemberRow | DomainError<StandingRefusal> {
  if (member.status === 'merged') {
    return domainError(
      'member_merged',
      `Member ${member.id} was merged into ${member.mergedIntoMemberId}; use that id.`,
      { mergedIntoMemberId: member.mergedIntoMemberId },
    );
  }
  if (member.status === 'erased')
    return domainError('member_erased', `Member ${member.id} asked for their data to be erased.`);
  return member;
}

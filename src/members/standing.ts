import type { Database } from '../db/database.js';
import { findMember, type MemberRow } from '../db/members.js';
import { type DomainError, domainError } from '../domain/errors.js';
import { type StandingRefusal, standingRefusal } from '../domain/members/standing.js';

export { STANDING_REFUSALS, type StandingRefusal } from '../domain/members/standing.js';

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
  return standingRefusal(member) ?? member;
}

import type { AuditHook } from '../db/audit.js';
import { findMember, type MemberRow } from '../db/members.js';
import type { LedgerContext } from '../dependencies.js';
import { type DomainError, domainError } from '../domain/errors.js';
import {
  type ActivityEntry,
  memberActivity,
  type UnifiedBalance,
  unifiedBalance,
} from '../ledger/balance.js';
import type { WritePlan } from '../writes/plan.js';

/**
 * The operator's support view of a member. Reading a member's account is itself recorded: each
 * read is a write of one audit row (`member.read`), in the read's own batch, so that a read
 * answered is a read recorded.
 */

/** What a support read of a member can be refused with. */
export const MEMBER_READ_REFUSALS = ['member_not_found'] as const;

export interface MemberProfile {
  readonly member: MemberRow;
  readonly balance: UnifiedBalance;
}

const memberNotFound = (memberId: string) =>
  domainError('member_not_found', `Member ${memberId} does not exist.`);

/** The member, as enrolled, and their unified balance across every partner and pool. */
export async function planMemberProfileRead(
  context: LedgerContext,
  memberId: string,
  audit: AuditHook,
): Promise<WritePlan<MemberProfile> | DomainError<'member_not_found'>> {
  const member = await findMember(context.db, memberId);
  if (member === undefined) return memberNotFound(memberId);
  const balance = await unifiedBalance(context, memberId);
  return { status: 200, body: { member, balance }, statements: audit(memberId, { view: 'profile' }) };
}

/** One page of the member's activity at every partner: the entries the member reads themselves. */
export async function planMemberActivityRead(
  context: LedgerContext,
  memberId: string,
  page: { readonly limit: number; readonly cursor?: string | undefined },
  audit: AuditHook,
): Promise<WritePlan<ActivityEntry[]> | DomainError<'member_not_found'>> {
  if ((await findMember(context.db, memberId)) === undefined) return memberNotFound(memberId);
  const entries = await memberActivity(context, memberId, page.limit, page.cursor);
  const summary = { view: 'activity', ...(page.cursor === undefined ? {} : { cursor: page.cursor }) };
  return { status: 200, body: entries, statements: audit(memberId, summary) };
}

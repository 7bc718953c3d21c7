import type { AuditHook } from '../db/audit.js';
import { findLink } from '../db/links.js';
import { findMember, findMemberByExternalReference, type MemberRow } from '../db/members.js';
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

/** How a partner's card number names a member: given at enrolment, or linked to them later. */
export interface CardHolder {
  readonly member: MemberRow;
  readonly via: 'enrolment' | 'link';
}

/**
 * The member holding a partner's card number (external references are unique across the network,
 * so at most one): the partner's link, else the partner's own enrolment; a merged membership
 * answers its survivor. The read is audited like the profile it leads to.
 */
export async function planCardHolderRead(
  context: LedgerContext,
  card: { readonly partnerId: string; readonly externalReference: string },
  audit: AuditHook,
): Promise<WritePlan<CardHolder> | DomainError<'member_not_found'>> {
  const holder = await cardHolder(context, card.partnerId, card.externalReference);
  if (holder === undefined)
    return domainError(
      'member_not_found',
      `No member holds card ${card.externalReference} of partner ${card.partnerId}.`,
    );
  const summary = { view: 'card', partnerId: card.partnerId, via: holder.via };
  return { status: 200, body: holder, statements: audit(holder.member.id, summary) };
}

async function cardHolder(
  { db }: LedgerContext,
  partnerId: string,
  externalReference: string,
): Promise<CardHolder | undefined> {
  const link = await findLink(db, externalReference);
  const enrolled = await findMemberByExternalReference(db, externalReference);
  const found =
    link?.partnerId === partnerId
      ? { member: await findMember(db, link.memberId), via: 'link' as const }
      : enrolled?.enrolledByPartnerId === partnerId
        ? { member: enrolled, via: 'enrolment' as const }
        : undefined;
  if (found?.member === undefined) return undefined;
  const survivor =
    found.member.status === 'merged' && found.member.mergedIntoMemberId !== null
      ? await findMember(db, found.member.mergedIntoMemberId)
      : undefined;
  return { member: survivor ?? found.member, via: found.via };
}

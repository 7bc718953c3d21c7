import { CLAIM_CODE_LENGTH, claimCode, claimCodeHash, claimCodeView } from '../auth/claim-codes.js';
import type { AuditHook } from '../db/audit.js';
import { findClaimCode, issueClaimCodeStatements, useClaimCodeStatements } from '../db/claims.js';
import type { BatchStatement } from '../db/database.js';
import { findMember, markClaimedStatement, requireActiveMember } from '../db/members.js';
import { type DomainError, domainError, isDomainError, type RefusalOf } from '../domain/errors.js';
import { isCodeShaped, normalizeCode } from '../domain/members/codes.js';
import { eventDraft } from '../events/draft.js';
import type { WritePlan } from '../writes/plan.js';
import { openSession, type SessionContext, type SessionGrant } from './sessions.js';
import { activeMember, STANDING_REFUSALS, standing } from './standing.js';

const DAY_MS = 86_400_000;

/** A claim code as the write stores it: the code itself is derived again from these (never stored). */
export interface ClaimReference {
  readonly id: string;
  readonly keyId: string;
  readonly expiresAt: string;
}

/** A claim code as the caller sees it. */
export interface ClaimView {
  readonly code: string;
  readonly url: string;
  readonly expiresAt: string;
}

export type ClaimIssuer =
  | { readonly kind: 'enrolment'; readonly partnerId: string }
  | { readonly kind: 'partner'; readonly partnerId: string }
  | { readonly kind: 'operator'; readonly subject: string };

/** The statements of a new claim code for a member, and the reference the answer keeps. */
export async function claimCodeStatements(
  context: SessionContext,
  memberId: string,
  issuer: ClaimIssuer,
): Promise<{ reference: ClaimReference; statements: BatchStatement[] }> {
  const { db, ids, clock, config, networkKeys } = context;
  const nowMs = clock();
  const reference = {
    id: ids('clm'),
    keyId: networkKeys.signing.kid,
    expiresAt: new Date(nowMs + config.members.claimCodeDays * DAY_MS).toISOString(),
  };
  const code = await claimCode(networkKeys, reference);
  if (code === undefined) throw new Error('the signing key has no code key');
  return {
    reference,
    statements: issueClaimCodeStatements(db, {
      id: reference.id,
      codeHash: await claimCodeHash(code),
      memberId,
      keyId: reference.keyId,
      issuedBy: issuer.kind,
      issuerId: issuer.kind === 'operator' ? issuer.subject : issuer.partnerId,
      expiresAt: Date.parse(reference.expiresAt),
      usedAt: null,
      revokedAt: null,
      createdAt: nowMs,
    }),
  };
}

/** The code of a stored reference, for an answer (the first or a replay); null if its key was removed. */
export async function claimView(
  context: SessionContext,
  reference: ClaimReference,
): Promise<ClaimView | null> {
  const code = await claimCode(context.networkKeys, reference);
  if (code === undefined) return null;
  const origin = context.config.members.walletOrigins[0] ?? '';
  return { ...claimCodeView(code, origin), expiresAt: reference.expiresAt };
}

/** What issuing a recovery claim code can be refused with. */
export const ISSUE_CLAIM_REFUSALS = [...STANDING_REFUSALS] as const;

/**
 * A new claim code for a member who lost their passkeys (or never claimed): issued by a partner
 * that serves the member, or the operator, audited in the same batch. Every earlier unused code of
 * the member stops working; the member's app is told, so a code they did not ask for is noticed.
 */
export async function planIssueClaimCode(
  context: SessionContext,
  memberId: string,
  issuer: Exclude<ClaimIssuer, { kind: 'enrolment' }>,
  audit: AuditHook,
): Promise<
  WritePlan<{ memberId: string; claim: ClaimReference }> | DomainError<RefusalOf<typeof ISSUE_CLAIM_REFUSALS>>
> {
  const member = await activeMember(context.db, memberId);
  if (isDomainError(member)) return member;
  const issued = await claimCodeStatements(context, memberId, issuer);
  return {
    status: 201,
    body: { memberId, claim: issued.reference },
    statements: [
      ...issued.statements,
      requireActiveMember(context.db, memberId),
      ...audit(memberId, { claimId: issued.reference.id, expiresAt: issued.reference.expiresAt }),
    ],
    events: [
      eventDraft(
        context,
        'member.claim_code_issued',
        {
          memberId,
          issuedBy: issuer.kind,
          partnerId: issuer.kind === 'partner' ? issuer.partnerId : null,
          expiresAt: issued.reference.expiresAt,
        },
        { memberIds: [memberId] },
      ),
    ],
  };
}

/** What claiming can be refused with. */
export const CLAIM_REFUSALS = ['claim_code_invalid', 'claim_code_used', 'claim_code_expired'] as const;

/**
 * Claims a membership with a claim code: the code is used once, and the member is signed in (a
 * session) to register a passkey. A code of a merged or erased membership was revoked with it.
 */
export async function planClaim(
  context: SessionContext,
  code: string,
  onSuccess: readonly BatchStatement[],
): Promise<WritePlan<SessionGrant & { claimedAt: string }> | DomainError<RefusalOf<typeof CLAIM_REFUSALS>>> {
  const { db, clock } = context;
  const nowMs = clock();
  const normalized = normalizeCode(code);
  const found = isCodeShaped(normalized, CLAIM_CODE_LENGTH)
    ? await findClaimCode(db, await claimCodeHash(normalized))
    : undefined;
  if (found === undefined || found.revokedAt !== null)
    return domainError('claim_code_invalid', 'This is not a claim code, or a newer one replaced it.');
  if (found.usedAt !== null) return domainError('claim_code_used', 'This claim code has been used.');
  if (found.expiresAt <= nowMs)
    return domainError(
      'claim_code_expired',
      `This claim code expired at ${new Date(found.expiresAt).toISOString()}.`,
    );
  const member = await findMember(db, found.memberId);
  if (member === undefined || isDomainError(standing(member)))
    return domainError('claim_code_invalid', 'The membership of this claim code is no longer in use.');
  const session = await openSession(context, { memberId: member.id, method: 'claim' });
  const claimedAt = new Date(member.claimedAt ?? nowMs).toISOString();
  return {
    status: 201,
    body: { ...session.grant, claimedAt },
    statements: [
      ...useClaimCodeStatements(db, found.id, nowMs),
      markClaimedStatement(db, member.id, nowMs),
      requireActiveMember(db, member.id),
      ...session.statements,
      ...onSuccess,
    ],
    events: [eventDraft(context, 'member.claimed', { memberId: member.id }, { memberIds: [member.id] })],
  };
}

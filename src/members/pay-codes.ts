import { findPartner } from '../db/partners.js';
import { payCodes } from '../db/schema/index.js';
import type { LedgerContext } from '../dependencies.js';
import { type DomainError, domainError, isDomainError, type RefusalOf } from '../domain/errors.js';
import { groupCode, randomCode } from '../domain/members/codes.js';
import { PAY_CODE_LENGTH, payCodeHash } from '../ledger/presence.js';
import type { WritePlan } from '../writes/plan.js';
import { activeMember, STANDING_REFUSALS } from './standing.js';

export interface PayCodeView {
  /** Shown once, as text and as a QR code; only its hash is kept. */
  readonly code: string;
  readonly expiresAt: string;
  readonly partnerId: string | null;
  readonly maxPoints: number | null;
}

/** What making a pay code can be refused with. */
export const ISSUE_PAY_CODE_REFUSALS = [...STANDING_REFUSALS, 'partner_not_found'] as const;

/**
 * A one-time pay code from the member's wallet, valid PAY_CODE_TTL_SECONDS: the proof a partner
 * needs that the member is at the till. It may be bound to one partner and to a most of points.
 */
export async function planIssuePayCode(
  context: LedgerContext,
  memberId: string,
  request: { partnerId?: string | undefined; maxPoints?: number | undefined },
): Promise<WritePlan<PayCodeView> | DomainError<RefusalOf<typeof ISSUE_PAY_CODE_REFUSALS>>> {
  const { db, ids, clock, config } = context;
  const member = await activeMember(db, memberId);
  if (isDomainError(member)) return member;
  if (request.partnerId !== undefined && (await findPartner(db, request.partnerId)) === undefined)
    return domainError('partner_not_found', `Partner ${request.partnerId} does not exist.`);
  const nowMs = clock();
  const code = randomCode(PAY_CODE_LENGTH);
  const expiresAt = nowMs + config.members.payCodeTtlSeconds * 1000;
  const row = {
    id: ids('prs'),
    memberId,
    codeHash: await payCodeHash(code),
    partnerId: request.partnerId ?? null,
    maxPoints: request.maxPoints ?? null,
    createdAt: nowMs,
    expiresAt,
    usedAt: null,
    transactionId: null,
  };
  return {
    status: 201,
    body: {
      code: groupCode(code),
      expiresAt: new Date(expiresAt).toISOString(),
      partnerId: row.partnerId,
      maxPoints: row.maxPoints,
    },
    statements: [db.insert(payCodes).values(row)],
  };
}

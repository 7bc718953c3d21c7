import type { BatchStatement } from '../db/database.js';
import { findPayCode, usePayCodeStatements } from '../db/pay-codes.js';
import type { LedgerContext } from '../dependencies.js';
import { type DomainError, domainError, type RefusalOf } from '../domain/errors.js';
import { isCodeShaped, normalizeCode } from '../domain/members/codes.js';
import { sha256Hex } from '../domain/sha256.js';

/** 16 symbols of 5 bits: 80 random bits, for a code that lives two minutes. */
export const PAY_CODE_LENGTH = 16;

export const payCodeHash = (code: string) => sha256Hex(`pay:${normalizeCode(code)}`);

/** What a partner's use of a pay code can be refused with. */
export const PRESENCE_REFUSALS = [
  'member_presence_required',
  'pay_code_invalid',
  'pay_code_used',
  'pay_code_expired',
  'pay_code_other_partner',
  'pay_code_limit_exceeded',
] as const;
export type PresenceRefusal = RefusalOf<typeof PRESENCE_REFUSALS>;

export interface PresenceCheck {
  readonly partnerId: string;
  readonly memberId: string;
  readonly payCode: string | undefined;
  /** The points a redemption moves; undefined for a read. */
  readonly points?: number | undefined;
}

/**
 * Whether the member is shown to be there: a pay code of theirs, unused, in time, for this partner
 * and within its most of points. Answers the code (or null when the network needs none here).
 */
export async function checkPresence(
  context: LedgerContext,
  check: PresenceCheck,
): Promise<{ payCodeId: string | null } | DomainError<PresenceRefusal>> {
  const { presenceFromPoints } = context.config.members;
  const needed =
    presenceFromPoints !== undefined && (check.points === undefined || check.points >= presenceFromPoints);
  if (check.payCode === undefined) {
    if (!needed) return { payCodeId: null };
    return domainError(
      'member_presence_required',
      check.points === undefined
        ? "Reading a member's balance needs a pay code from the member's wallet."
        : `A redemption of ${presenceFromPoints} points or more needs a pay code from the member's wallet.`,
    );
  }
  const normalized = normalizeCode(check.payCode);
  const found = isCodeShaped(normalized, PAY_CODE_LENGTH)
    ? await findPayCode(context.db, await payCodeHash(normalized))
    : undefined;
  if (found === undefined || found.memberId !== check.memberId)
    return domainError('pay_code_invalid', 'This is not a pay code of this member.');
  if (found.usedAt !== null) return domainError('pay_code_used', 'This pay code has been used.');
  if (found.expiresAt <= context.clock())
    return domainError(
      'pay_code_expired',
      `This pay code expired at ${new Date(found.expiresAt).toISOString()}: ask the member for a new one.`,
    );
  if (found.partnerId !== null && found.partnerId !== check.partnerId)
    return domainError('pay_code_other_partner', 'The member made this pay code for another partner.');
  if (found.maxPoints !== null && check.points !== undefined && check.points > found.maxPoints)
    return domainError(
      'pay_code_limit_exceeded',
      `The member allowed at most ${found.maxPoints} points with this pay code; ${check.points} were asked.`,
      { maxPoints: found.maxPoints, requestedPoints: check.points },
    );
  return { payCodeId: found.id };
}

/** The statements that use the pay code in the redemption's batch (none when no code was given). */
export function presenceStatements(
  context: LedgerContext,
  presence: { payCodeId: string | null },
  use: { transactionId: string | null; nowMs: number },
): BatchStatement[] {
  if (presence.payCodeId === null) return [];
  return usePayCodeStatements(context.db, { id: presence.payCodeId, ...use });
}

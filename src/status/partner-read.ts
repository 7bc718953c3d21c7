import type { LedgerContext } from '../dependencies.js';
import type { DomainError } from '../domain/errors.js';
import { lastDay } from '../domain/status/explain.js';
import { consentRequired, partnerMay } from '../members/consents.js';
import { readMemberStatus, type TierView, tierView } from './views.js';

export interface PartnerTierView {
  readonly memberId: string;
  readonly tier: TierView | null;
  /** Exclusive end (RFC 3339); null for life or without a tier. */
  readonly validUntil: string | null;
  readonly validThrough: string | null;
}

/**
 * What a partner may read of a member's status, so it can give the tier's benefits at its own
 * counter: the tier, what it gives and until when. Never the credits or their reason, which tell
 * where else the member spends. This is the one place a partner reads a status, and the member's
 * consent (`tier`) decides here, at the moment of reading, whether it may.
 */
export async function tierForPartner(
  context: LedgerContext,
  partnerId: string,
  memberId: string,
): Promise<PartnerTierView | undefined | DomainError<'consent_required'>> {
  const found = await readMemberStatus(context, memberId);
  if (found === undefined) return undefined;
  if (!(await partnerMay(context, partnerId, memberId, 'tier')))
    return consentRequired(memberId, 'tier', 'see their tier');
  const { status } = found;
  return {
    memberId,
    tier: status.tier === null ? null : tierView(status.tier),
    validUntil: status.validUntil === null ? null : new Date(status.validUntil).toISOString(),
    validThrough: status.validUntil === null ? null : lastDay(status.validUntil),
  };
}

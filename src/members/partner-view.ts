import { findProfile } from '../db/members.js';
import type { LedgerContext } from '../dependencies.js';
import type { ConsentScopes } from '../domain/members/contact.js';
import { consentOf } from './consents.js';

export interface PartnerContactView {
  readonly displayName: string | null;
  readonly email: string | null;
  readonly phone: string | null;
}

export interface PartnerConsentView {
  readonly memberId: string;
  readonly scopes: ConsentScopes;
  /** The member's name and contact, when the member lets the partner see them. */
  readonly contact: PartnerContactView | null;
}

/**
 * What a partner may know of a member beyond its own transactions, read at the moment it asks:
 * its consents, and the name and contact only when `profile` is granted. Never the locale, home
 * country or postal area, which no scope shares.
 */
export async function consentForPartner(
  context: LedgerContext,
  partnerId: string,
  memberId: string,
): Promise<PartnerConsentView> {
  const scopes = await consentOf(context, partnerId, memberId);
  return { memberId, scopes, contact: scopes.profile ? await contactOf(context, memberId) : null };
}

async function contactOf(context: LedgerContext, memberId: string): Promise<PartnerContactView> {
  const profile = await findProfile(context.db, memberId);
  return {
    displayName: profile?.displayName ?? null,
    email: profile?.email ?? null,
    phone: profile?.phone ?? null,
  };
}

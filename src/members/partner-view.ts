import { membersRefusing } from '../db/contact.js';
import { findProfile } from '../db/members.js';
import type { LedgerContext } from '../dependencies.js';
import type { TierBonusDetails } from '../domain/ledger/transaction-details.js';
import type { ConsentScopes } from '../domain/members/contact.js';
import type { TransactionView } from '../ledger/transaction-view.js';
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

/** A transaction as a partner may see it: the tier of a tier bonus null when the member refused it. */
export type PartnerTransactionView = Omit<TransactionView, 'tierBonus'> & {
  readonly tierBonus: (Omit<TierBonusDetails, 'tier'> & { readonly tier: string | null }) | null;
};

/**
 * The partner's own transactions as it may see them now: a tier bonus it credited keeps its points
 * and who funds it (the partner's own business), and names the member's tier only while the member
 * lets the partner see it. Applied to answers at the moment they are given, replays included.
 */
export async function transactionsAsPartnerMaySee(
  context: Pick<LedgerContext, 'db'>,
  partnerId: string,
  views: readonly TransactionView[],
): Promise<PartnerTransactionView[]> {
  const withBonus = views.filter((view) => view.tierBonus !== null).map((view) => view.memberId);
  const refusing = await membersRefusing(context.db, partnerId, 'tier', [...new Set(withBonus)]);
  return views.map((view) =>
    view.tierBonus !== null && refusing.has(view.memberId)
      ? { ...view, tierBonus: { ...view.tierBonus, tier: null } }
      : view,
  );
}

export async function transactionAsPartnerMaySee(
  context: Pick<LedgerContext, 'db'>,
  partnerId: string,
  view: TransactionView,
): Promise<PartnerTransactionView> {
  const [shaped] = await transactionsAsPartnerMaySee(context, partnerId, [view]);
  return shaped ?? view;
}

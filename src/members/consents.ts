import { findConsentDecisions, listConsentDecisions, saveConsentStatements } from '../db/contact.js';
import { requireActiveMember } from '../db/members.js';
import { findPartner } from '../db/partners.js';
import type { LedgerContext } from '../dependencies.js';
import { type DomainError, domainError } from '../domain/errors.js';
import { type ConsentScope, type ConsentScopes, consentScopes } from '../domain/members/contact.js';
import { eventDraft } from '../events/draft.js';
import type { WritePlan } from '../writes/plan.js';

export const SET_CONSENT_REFUSALS = ['partner_not_found'] as const;

export interface ConsentView {
  readonly partnerId: string;
  readonly partnerName: string;
  readonly scopes: ConsentScopes;
  /** When the member last decided; null while the defaults apply. */
  readonly decidedAt: string | null;
}

/** What a partner may do for a member now: the member's decisions over the defaults. */
export async function consentOf(
  context: Pick<LedgerContext, 'db'>,
  partnerId: string,
  memberId: string,
): Promise<ConsentScopes> {
  return consentScopes(await findConsentDecisions(context.db, memberId, partnerId));
}

export async function partnerMay(
  context: Pick<LedgerContext, 'db'>,
  partnerId: string,
  memberId: string,
  scope: ConsentScope,
): Promise<boolean> {
  return (await consentOf(context, partnerId, memberId))[scope];
}

/** The refusal a partner gets for a scope the member did not allow it. */
export function consentRequired(
  memberId: string,
  scope: ConsentScope,
  what: string,
): DomainError<'consent_required'> {
  return domainError('consent_required', `Member ${memberId} has not allowed you to ${what}.`, { scope });
}

/** Every partner the member decided something for, with the decision. */
export async function listConsents(context: LedgerContext, memberId: string): Promise<ConsentView[]> {
  const rows = await listConsentDecisions(context.db, memberId);
  const byPartner = new Map<string, { name: string; decisions: typeof rows; decidedAt: number }>();
  for (const row of rows) {
    const entry = byPartner.get(row.partnerId) ?? { name: row.partnerName, decisions: [], decidedAt: 0 };
    entry.decisions.push(row);
    entry.decidedAt = Math.max(entry.decidedAt, row.decidedAt);
    byPartner.set(row.partnerId, entry);
  }
  return [...byPartner].map(([partnerId, entry]) => ({
    partnerId,
    partnerName: entry.name,
    scopes: consentScopes(entry.decisions),
    decidedAt: new Date(entry.decidedAt).toISOString(),
  }));
}

/**
 * The member decides every scope for one partner at once. It takes effect for every read and
 * every message that comes after the batch: partners' reads ask the table, never a cache, and
 * a message's batch checks the consent itself. The partner is told (`consent.changed`).
 */
export async function planSetConsent(
  context: LedgerContext,
  memberId: string,
  partnerId: string,
  scopes: ConsentScopes,
): Promise<WritePlan<ConsentView> | DomainError<(typeof SET_CONSENT_REFUSALS)[number]>> {
  const { db, clock } = context;
  const partner = await findPartner(db, partnerId);
  if (partner === undefined) return domainError('partner_not_found', `Partner ${partnerId} does not exist.`);
  const nowMs = clock();
  return {
    status: 200,
    body: { partnerId, partnerName: partner.name, scopes, decidedAt: new Date(nowMs).toISOString() },
    statements: [
      requireActiveMember(db, memberId),
      ...saveConsentStatements(db, memberId, partnerId, scopes, nowMs),
    ],
    events: [
      eventDraft(
        context,
        'consent.changed',
        { memberId, partnerId, ...scopes },
        { partnerId, memberIds: [memberId] },
      ),
    ],
  };
}

import type { Database } from '../db/database.js';
import { findLink, insertLinkStatements } from '../db/links.js';
import { findMemberByExternalReference, requireActiveMember } from '../db/members.js';
import type { LedgerContext } from '../dependencies.js';
import { type DomainError, domainError, isDomainError, type RefusalOf } from '../domain/errors.js';
import { eventDraft } from '../events/draft.js';
import { checkPresence, PRESENCE_REFUSALS, presenceStatements } from '../ledger/presence.js';
import type { WritePlan } from '../writes/plan.js';
import { activeMember, STANDING_REFUSALS } from './standing.js';

export interface LinkView {
  readonly memberId: string;
  readonly partnerId: string;
  readonly externalReference: string;
  readonly linkedAt: string;
}

/** What linking a card can be refused with. */
export const LINK_REFUSALS = [
  ...STANDING_REFUSALS,
  'external_reference_taken',
  ...PRESENCE_REFUSALS,
] as const;

/** Whether an external reference names a member already, from an enrolment or a link. */
export async function isReferenceTaken(db: Database, externalReference: string): Promise<boolean> {
  return (
    (await findMemberByExternalReference(db, externalReference)) !== undefined ||
    (await findLink(db, externalReference)) !== undefined
  );
}

/**
 * A partner links its own card number to a member who already belongs to the coalition, instead of
 * enrolling them a second time. The member shows their coalition card: a pay code from their
 * wallet, made for this partner or any, which the link uses up, so a partner cannot attach itself
 * to a member id it merely knows or guesses. The reference then finds the member
 * (`GET /v1/members?externalReference=`), and the partner serves the member from then on.
 */
export async function planLink(
  context: LedgerContext,
  partnerId: string,
  request: { memberId: string; externalReference: string; payCode: string },
): Promise<WritePlan<LinkView> | DomainError<RefusalOf<typeof LINK_REFUSALS>>> {
  const { db, clock } = context;
  const nowMs = clock();
  const member = await activeMember(db, request.memberId);
  if (isDomainError(member)) return member;
  const presence = await checkPresence(context, {
    partnerId,
    memberId: member.id,
    payCode: request.payCode,
  });
  if (isDomainError(presence)) return presence;
  if (await isReferenceTaken(db, request.externalReference))
    return domainError('external_reference_taken', 'This external reference already names a member.');
  const row = {
    externalReference: request.externalReference,
    partnerId,
    memberId: member.id,
    linkedAt: nowMs,
  };
  return {
    status: 201,
    body: {
      memberId: member.id,
      partnerId,
      externalReference: request.externalReference,
      linkedAt: new Date(nowMs).toISOString(),
    },
    statements: [
      ...presenceStatements(context, presence, { transactionId: null, nowMs }),
      ...insertLinkStatements(db, row),
      requireActiveMember(db, member.id),
    ],
    events: [
      eventDraft(
        context,
        'member.linked',
        { memberId: member.id, partnerId, externalReference: request.externalReference },
        { partnerId, memberIds: [member.id] },
      ),
    ],
  };
}

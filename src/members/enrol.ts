import { findLink, requireReferenceNotLinked } from '../db/links.js';
import { findMemberByExternalReference, insertMemberStatements } from '../db/members.js';
import { type DomainError, domainError } from '../domain/errors.js';
import { eventDraft } from '../events/draft.js';
import type { WritePlan } from '../writes/plan.js';
import { type ClaimReference, claimCodeStatements } from './claim.js';
import type { SessionContext } from './sessions.js';

export interface EnrolRequest {
  /** A card number or similar; unique across the whole network. */
  readonly externalReference?: string | undefined;
}

export interface EnrolledMember {
  readonly id: string;
  readonly externalReference: string | null;
  readonly enrolledByPartnerId: string;
  readonly createdAt: string;
  /** The claim code the member claims the wallet with (its code derived again for each answer). */
  readonly claim: ClaimReference;
}

/** What an enrolment can be refused with. */
export const ENROL_REFUSALS = ['external_reference_taken'] as const;

/**
 * Enrols a member at a partner, with a wallet and a claim code for the member to claim it. An
 * external reference held by another member is refused with that member's id; the unique index
 * refuses a concurrent one in the batch.
 */
export async function planEnrol(
  context: SessionContext,
  partnerId: string,
  request: EnrolRequest,
): Promise<WritePlan<EnrolledMember> | DomainError<'external_reference_taken'>> {
  const { db, ids, clock } = context;
  if (request.externalReference !== undefined) {
    const holder = await findMemberByExternalReference(db, request.externalReference);
    if (holder === undefined && (await findLink(db, request.externalReference)) !== undefined)
      return domainError('external_reference_taken', 'A partner linked this external reference to a member.');
    if (holder !== undefined) {
      return domainError(
        'external_reference_taken',
        'Another member already holds this external reference.',
        { memberId: holder.id },
      );
    }
  }
  const row = {
    id: ids('mem'),
    externalReference: request.externalReference ?? null,
    enrolledByPartnerId: partnerId,
    createdAt: clock(),
  };
  const claim = await claimCodeStatements(context, row.id, { kind: 'enrolment', partnerId });
  return {
    status: 201,
    body: {
      id: row.id,
      externalReference: row.externalReference,
      enrolledByPartnerId: partnerId,
      createdAt: new Date(row.createdAt).toISOString(),
      claim: claim.reference,
    },
    statements: [
      ...insertMemberStatements(db, row),
      ...(row.externalReference === null ? [] : [requireReferenceNotLinked(db, row.externalReference)]),
      ...claim.statements,
    ],
    events: [
      eventDraft(
        context,
        'member.enrolled',
        { memberId: row.id, partnerId, externalReference: row.externalReference },
        { partnerId, memberIds: [row.id] },
      ),
    ],
  };
}

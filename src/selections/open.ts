import type { AuditHook } from '../db/audit.js';
import type { BatchStatement } from '../db/database.js';
import { selectionMembers, selections } from '../db/schema/index.js';
import { membersWithPointsAt, type SelectionRow } from '../db/selections.js';
import { readLadders } from '../db/status.js';
import type { LedgerContext } from '../dependencies.js';
import type { Cohort } from '../domain/catalogue/selection.js';
import { isDecimalError, parseDecimal } from '../domain/decimal.js';
import { type DomainError, domainError, isDomainError, type RefusalOf } from '../domain/errors.js';
import { compare, rational } from '../domain/rational.js';
import { ladderAt } from '../domain/status/ladder.js';
import { membersHoldingTiers } from '../status/cohort.js';
import type { WritePlan } from '../writes/plan.js';
import { invitations } from './invite.js';
import { type SelectionView, selectionView } from './views.js';

export const OPEN_REFUSALS = ['validation_failed', 'unknown_tier'] as const;

/** The cohort as the operator asks for it; a tier cohort's `tiersAt` is the moment it opens. */
export type CohortRequest =
  | Extract<Cohort, { type: 'points' }>
  | Omit<Extract<Cohort, { type: 'tier' }>, 'tiersAt'>;

export interface OpenSelectionRequest {
  readonly name: string;
  readonly cohort: CohortRequest;
  /** The share of a member's points their gift card is worth: a decimal in (0, 1]. */
  readonly giftCardShare: string;
  readonly closesAt: number;
  readonly openedBy: string;
}

/** Cohort rows per statement: D1 binds at most 100 parameters per statement. */
const MEMBERS_PER_STATEMENT = 20;

/**
 * The operator opens a yearly choice: the cohort is fixed now (every member who held at least N
 * points at a date, or every member holding one of some tiers now, and N points at a date if asked)
 * and each member is invited. One batch.
 */
export async function planOpenSelection(
  context: LedgerContext,
  request: OpenSelectionRequest,
  audit?: AuditHook,
): Promise<WritePlan<SelectionView> | DomainError<RefusalOf<typeof OPEN_REFUSALS>>> {
  const nowMs = context.clock();
  if (request.closesAt <= nowMs) return domainError('validation_failed', '"closesAt" must be in the future.');
  const share = parseDecimal(request.giftCardShare);
  if (isDecimalError(share) || share.numerator <= 0n || compare(share, rational(1n)) > 0)
    return domainError('validation_failed', '"giftCardShare" must be a decimal above 0 and at most 1.');
  const cohort = await cohortOf(context, request.cohort, nowMs);
  if (isDomainError(cohort)) return cohort;
  const memberIds = cohort.memberIds;
  const row: SelectionRow = {
    id: context.ids('sel'),
    name: request.name,
    cohort: cohort.cohort,
    giftCardShare: request.giftCardShare,
    opensAt: nowMs,
    closesAt: request.closesAt,
    status: 'open',
    fxSnapshotId: null,
    createdBy: request.openedBy,
    createdAt: nowMs,
    closedAt: null,
  };
  const statements: BatchStatement[] = [context.db.insert(selections).values(row)];
  for (let start = 0; start < memberIds.length; start += MEMBERS_PER_STATEMENT) {
    statements.push(
      context.db.insert(selectionMembers).values(
        memberIds.slice(start, start + MEMBERS_PER_STATEMENT).map((memberId) => ({
          selectionId: row.id,
          memberId,
          invitedAt: nowMs,
        })),
      ),
    );
  }
  const invited = invitations(context, row, memberIds);
  return {
    status: 201,
    body: selectionView(row, { undecided: memberIds.length }),
    statements: [
      ...statements,
      ...invited.statements,
      ...(audit?.(row.id, { name: row.name, members: memberIds.length, cohort: cohort.cohort }) ?? []),
    ],
    events: invited.events,
  };
}

/**
 * The cohort's members. Points held at a date are computed from the transfers up to then. Tiers are
 * read at the moment the choice opens, once: the cohort is a snapshot, so a member who reaches a
 * tier later is not invited and one who loses it keeps their invitation (docs/decisions.md).
 */
async function cohortOf(
  context: LedgerContext,
  request: CohortRequest,
  nowMs: number,
): Promise<{ cohort: Cohort; memberIds: string[] } | DomainError<RefusalOf<typeof OPEN_REFUSALS>>> {
  if (request.asOf !== null && request.asOf > nowMs)
    return domainError(
      'validation_failed',
      'A cohort is taken at a date that has passed: "asOf" is in the future.',
    );
  if (request.type === 'points')
    return {
      cohort: request,
      memberIds: await membersWithPointsAt(context.db, request.minPoints, request.asOf),
    };
  if ((request.minPoints === null) !== (request.asOf === null))
    return domainError('validation_failed', '"minPoints" and "asOf" go together: give both or neither.');
  const ladder = ladderAt(await readLadders(context.db), nowMs);
  const unknown = request.tiers.filter((code) => !ladder.tiers.some((tier) => tier.code === code));
  if (unknown.length > 0)
    return domainError('unknown_tier', `The network has no tier "${unknown[0]}".`, {
      tiers: ladder.tiers.map((tier) => tier.code),
    });
  const holding = await membersHoldingTiers(context, request.tiers);
  const withPoints =
    request.minPoints === null || request.asOf === null
      ? null
      : new Set(await membersWithPointsAt(context.db, request.minPoints, request.asOf));
  return {
    cohort: { ...request, tiers: [...new Set(request.tiers)], tiersAt: nowMs },
    memberIds: withPoints === null ? holding : holding.filter((memberId) => withPoints.has(memberId)),
  };
}

import type { AuditHook } from '../db/audit.js';
import type { BatchStatement } from '../db/database.js';
import { selectionMembers, selections } from '../db/schema/index.js';
import { membersWithPointsAt, type SelectionRow } from '../db/selections.js';
import type { LedgerContext } from '../dependencies.js';
import type { Cohort } from '../domain/catalogue/selection.js';
import { isDecimalError, parseDecimal } from '../domain/decimal.js';
import { type DomainError, domainError } from '../domain/errors.js';
import { compare, rational } from '../domain/rational.js';
import type { WritePlan } from '../writes/plan.js';
import { invitations } from './invite.js';
import { type SelectionView, selectionView } from './views.js';

export const OPEN_REFUSALS = ['validation_failed'] as const;

export interface OpenSelectionRequest {
  readonly name: string;
  readonly cohort: Cohort;
  /** The share of a member's points their gift card is worth: a decimal in (0, 1]. */
  readonly giftCardShare: string;
  readonly closesAt: number;
  readonly openedBy: string;
}

/** Cohort rows per statement: D1 binds at most 100 parameters per statement. */
const MEMBERS_PER_STATEMENT = 20;

/**
 * The operator opens a yearly choice: the cohort is fixed now (every member who held at least N
 * points at a date) and each member is invited. One batch.
 */
export async function planOpenSelection(
  context: LedgerContext,
  request: OpenSelectionRequest,
  audit?: AuditHook,
): Promise<WritePlan<SelectionView> | DomainError<'validation_failed'>> {
  const nowMs = context.clock();
  if (request.closesAt <= nowMs) return domainError('validation_failed', '"closesAt" must be in the future.');
  const share = parseDecimal(request.giftCardShare);
  if (isDecimalError(share) || share.numerator <= 0n || compare(share, rational(1n)) > 0)
    return domainError('validation_failed', '"giftCardShare" must be a decimal above 0 and at most 1.');
  if (request.cohort.asOf > nowMs)
    return domainError(
      'validation_failed',
      'A cohort is taken at a date that has passed: "asOf" is in the future.',
    );
  const memberIds = await membersWithPointsAt(context.db, request.cohort.minPoints, request.cohort.asOf);
  const row: SelectionRow = {
    id: context.ids('sel'),
    name: request.name,
    cohort: request.cohort,
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
      ...(audit?.(row.id, { name: row.name, members: memberIds.length, cohort: request.cohort }) ?? []),
    ],
    events: invited.events,
  };
}

import { CLAIM_CODE_LENGTH, claimCodeHash } from '../auth/claim-codes.js';
import { findClaimCode, revokeClaimCodesStatement, useClaimCodeStatements } from '../db/claims.js';
import type { BatchStatement } from '../db/database.js';
import { transferStatement } from '../db/ledger.js';
import { findMember } from '../db/members.js';
import {
  absorbMemberStatements,
  type CreditsToMove,
  handOverStatements,
  mergeableGuards,
  readAbsorbedHoldings,
  readCreditsToMove,
} from '../db/merges.js';
import { revokeSessionsStatement } from '../db/sessions.js';
import { insertQualifyingCreditStatement, readStatusSnapshot, updateStatusStatement } from '../db/status.js';
import { insertTransactionStatement, type NewTransactionRow } from '../db/transactions.js';
import type { LedgerContext } from '../dependencies.js';
import { type DomainError, domainError, isDomainError, type RefusalOf } from '../domain/errors.js';
import { walletAccountId } from '../domain/ledger/accounts.js';
import { isCodeShaped, normalizeCode } from '../domain/members/codes.js';
import { type EventDraft, eventDraft } from '../events/draft.js';
import { activeMember, STANDING_REFUSALS, standing } from '../members/standing.js';
import { yearOf } from '../status/inputs.js';
import { type NewCredits, planReview } from '../status/review.js';
import { requireChangedRow } from '../writes/guards.js';
import type { WritePlan } from '../writes/plan.js';

export interface MergeView {
  /** The surviving membership: the one signed in. */
  readonly memberId: string;
  readonly absorbedMemberId: string;
  readonly transactionId: string;
  readonly pointsMoved: number;
  readonly lotsMoved: number;
  readonly qualifyingCreditsMoved: number;
  readonly debtsMoved: number;
  readonly mergedAt: string;
}

/** What a merge can be refused with. */
export const MERGE_REFUSALS = [
  ...STANDING_REFUSALS,
  'claim_code_invalid',
  'claim_code_used',
  'claim_code_expired',
  'merge_same_member',
  'merge_pending_transactions',
  'merge_pool_membership',
] as const;
type MergeRefusal = RefusalOf<typeof MERGE_REFUSALS>;

/**
 * Merges a second membership of the signed-in member into the one they are signed in to. The
 * member proves both: the session proves the survivor, the absorbed membership's claim code
 * (single use, like a claim) proves the other. One batch hands over, with nothing created or lost:
 * the wallet's lots (by a `member_merge` transfer; each lot keeps its id, issuer and expiry), the
 * qualifying credits (taken off the absorbed membership and given to the survivor month by month,
 * its status then reviewed), the debts and the partner links. The absorbed membership is marked
 * merged: its sessions end, its claim and pay codes stop working, and a partner naming it is told
 * the surviving id. Guarded in the batch: both memberships still active, the absorbed one still
 * without open holds, reservations or pools, and its wallet emptied by the transfer.
 */
export async function planMerge(
  context: LedgerContext,
  survivorMemberId: string,
  code: string,
  onSuccess: readonly BatchStatement[],
): Promise<WritePlan<MergeView> | DomainError<MergeRefusal>> {
  const { db, ids, clock } = context;
  const nowMs = clock();
  const survivor = await activeMember(db, survivorMemberId);
  if (isDomainError(survivor)) return survivor;
  const normalized = normalizeCode(code);
  const found = isCodeShaped(normalized, CLAIM_CODE_LENGTH)
    ? await findClaimCode(db, await claimCodeHash(normalized))
    : undefined;
  if (found === undefined || found.revokedAt !== null)
    return domainError('claim_code_invalid', 'This is not a claim code, or a newer one replaced it.');
  if (found.usedAt !== null) return domainError('claim_code_used', 'This claim code has been used.');
  if (found.expiresAt <= nowMs)
    return domainError(
      'claim_code_expired',
      `This claim code expired at ${new Date(found.expiresAt).toISOString()}.`,
    );
  if (found.memberId === survivorMemberId)
    return domainError('merge_same_member', 'This claim code is of the membership you are signed in to.');
  const absorbed = await findMember(db, found.memberId);
  if (absorbed === undefined)
    return domainError('claim_code_invalid', 'The membership of this claim code does not exist.');
  const absorbedStanding = standing(absorbed);
  if (isDomainError(absorbedStanding)) return absorbedStanding;
  const absorbedMemberId = absorbed.id;
  const holdings = await readAbsorbedHoldings(db, absorbedMemberId);
  if (holdings.pendingTransactions > 0)
    return domainError(
      'merge_pending_transactions',
      `Membership ${absorbedMemberId} has ${holdings.pendingTransactions} hold(s) or reservation(s) still open: merge once they are captured, voided, fulfilled or cancelled.`,
      { absorbedMemberId, pendingTransactions: holdings.pendingTransactions },
    );
  if (holdings.poolMemberships > 0)
    return domainError(
      'merge_pool_membership',
      `Membership ${absorbedMemberId} is in ${holdings.poolMemberships} pool(s): leave them first (the surviving membership can join them).`,
      { absorbedMemberId, poolMemberships: holdings.poolMemberships },
    );

  const transactionId = ids('txn');
  const credits = await readCreditsToMove(db, absorbedMemberId);
  const qualifyingCreditsMoved = credits.reduce((total, entry) => total + entry.credits, 0);
  const status = await moveStatus(context, { absorbedMemberId, survivorMemberId, transactionId }, credits);
  const view: MergeView = {
    memberId: survivorMemberId,
    absorbedMemberId,
    transactionId,
    pointsMoved: holdings.balance,
    lotsMoved: holdings.lots,
    qualifyingCreditsMoved,
    debtsMoved: holdings.debtPoints,
    mergedAt: new Date(nowMs).toISOString(),
  };
  const row: NewTransactionRow = {
    id: transactionId,
    partnerId: null,
    memberId: survivorMemberId,
    kind: 'member_merge',
    status: 'posted',
    points: holdings.balance,
    details: {
      kind: 'member_merge',
      absorbedMemberId,
      lotsMoved: holdings.lots,
      qualifyingCreditsMoved,
      debtsMoved: holdings.debtPoints,
    },
    idempotencyKey: null,
    createdAt: nowMs,
  };
  const merge = { absorbedMemberId, survivorMemberId, nowMs };
  const statements: BatchStatement[] = [
    ...useClaimCodeStatements(db, found.id, nowMs),
    ...absorbMemberStatements(db, merge),
    ...mergeableGuards(db, absorbedMemberId),
    insertTransactionStatement(db, row),
    ...(holdings.balance > 0
      ? [
          transferStatement(db, {
            id: ids('trf'),
            transactionId,
            kind: 'member_merge',
            debitAccountId: walletAccountId(absorbedMemberId),
            creditAccountId: walletAccountId(survivorMemberId),
            points: holdings.balance,
            partnerId: null,
            createdAt: nowMs,
          }),
        ]
      : []),
    ...handOverStatements(db, merge),
    ...status.statements,
    revokeClaimCodesStatement(db, absorbedMemberId, nowMs),
    revokeSessionsStatement(db, { memberId: absorbedMemberId }, nowMs),
    ...onSuccess,
  ];
  const data = { memberId: survivorMemberId, absorbedMemberId, transactionId, points: holdings.balance };
  const events: EventDraft[] = [
    eventDraft(context, 'member.merged', data, {
      memberIds: [survivorMemberId, absorbedMemberId],
      ledger: holdings.balance > 0,
    }),
    // Every partner that knows the absorbed id learns where it went (a partner receives its own copy).
    ...holdings.partnerIds.map((partnerId) => eventDraft(context, 'member.merged', data, { partnerId })),
    ...status.events,
  ];
  return { status: 201, body: view, statements, events };
}

/**
 * The qualifying credits leave the absorbed membership and reach the survivor in the same month
 * (and with the same partner), so each counts once, in the window it counted in; the survivor's
 * status is then reviewed as after an earn, and the absorbed membership's status ends (version
 * guarded, like every status write).
 */
async function moveStatus(
  context: LedgerContext,
  merge: { absorbedMemberId: string; survivorMemberId: string; transactionId: string },
  credits: readonly CreditsToMove[],
): Promise<{ statements: BatchStatement[]; events: EventDraft[] }> {
  const { db, ids, clock } = context;
  const nowMs = clock();
  const entry = (memberId: string, moved: CreditsToMove, sign: 1 | -1): NewCredits => ({
    memberId,
    source: 'merge',
    sourceId: merge.transactionId,
    partnerId: moved.partnerId,
    credits: sign * moved.credits,
    qualifyingAt: moved.qualifyingAt,
  });
  const leaving = [...credits].reverse().map((moved) =>
    insertQualifyingCreditStatement(db, {
      ...entry(merge.absorbedMemberId, moved, -1),
      id: ids('qcr'),
      createdAt: nowMs,
    }),
  );
  const arriving = credits.map((moved) => entry(merge.survivorMemberId, moved, 1));
  const year = yearOf(nowMs);
  const [absorbedSnapshot, survivorSnapshot] = await Promise.all([
    readStatusSnapshot(db, merge.absorbedMemberId, year),
    readStatusSnapshot(db, merge.survivorMemberId, year),
  ]);
  const absorbedEnds: BatchStatement[] =
    absorbedSnapshot.row === undefined
      ? []
      : [
          updateStatusStatement(db, merge.absorbedMemberId, absorbedSnapshot.row.version, {
            tier: null,
            basis: 'none',
            validUntil: null,
            since: null,
            explanation: `Merged into ${merge.survivorMemberId}.`,
            reviewedAt: nowMs,
            nextReviewAt: null,
            noticeSentFor: null,
          }),
          requireChangedRow(db, 'status_changed'),
        ];
  // Without tiers there is no status to review; the credits still count once tiers are published.
  if (survivorSnapshot.ladders.length === 0 || survivorSnapshot.row === undefined) {
    return {
      statements: [
        ...leaving,
        ...arriving.map((moved) =>
          insertQualifyingCreditStatement(db, { ...moved, id: ids('qcr'), createdAt: nowMs }),
        ),
        ...absorbedEnds,
      ],
      events: [],
    };
  }
  const review = await planReview(context, { snapshot: survivorSnapshot, cause: 'merge', credits: arriving });
  return { statements: [...leaving, ...review.statements, ...absorbedEnds], events: review.events };
}

import { type AuditHook, noAudit } from '../db/audit.js';
import { findMember } from '../db/members.js';
import { insertTransactionStatement, type NewTransactionRow } from '../db/transactions.js';
import type { LedgerContext } from '../dependencies.js';
import { type DomainError, domainError, type RefusalOf } from '../domain/errors.js';
import { eventDraft } from '../events/draft.js';
import type { WritePlan } from '../writes/plan.js';
import { NETWORK_FUNDER, planCredit } from './postings.js';
import { type TransactionView, transactionView } from './transaction-view.js';

export interface GoodwillRequest {
  readonly memberId: string;
  readonly points: number;
  /** Why the network gives them; the member reads it in their activity. */
  readonly reason: string;
  /** The operator who grants it (their token's subject). */
  readonly grantedBy: string;
  readonly idempotencyKey?: string | undefined;
}

/** What a goodwill credit can be refused with. */
export const GOODWILL_REFUSALS = ['member_not_found', 'invalid_amount'] as const;

/**
 * A goodwill credit: points the network gives a member from its promotions budget, priced at the
 * network's point value (a cost in the network's margin, on no partner's statement). The points
 * are a lot like any other: spendable anywhere, expiring after the network's expiry period, and
 * never used to repay what the member owes a partner.
 */
export async function planGoodwill(
  context: LedgerContext,
  request: GoodwillRequest,
  audit: AuditHook = noAudit,
): Promise<WritePlan<TransactionView> | DomainError<RefusalOf<typeof GOODWILL_REFUSALS>>> {
  const { db, ids, clock, config } = context;
  if ((await findMember(db, request.memberId)) === undefined)
    return domainError('member_not_found', `Member ${request.memberId} does not exist.`);
  if (request.points > config.maxPointsPerTransaction)
    return domainError(
      'invalid_amount',
      `A credit may move at most ${config.maxPointsPerTransaction} points.`,
    );
  const transactionId = ids('txn');
  const credit = await planCredit(context, {
    kind: 'goodwill',
    memberId: request.memberId,
    transactionId,
    points: request.points,
    funder: NETWORK_FUNDER,
    unitPrice: config.pointValueText,
  });
  const row: NewTransactionRow = {
    id: transactionId,
    partnerId: null,
    memberId: request.memberId,
    kind: 'goodwill',
    status: 'posted',
    points: request.points,
    details: { kind: 'goodwill', reason: request.reason, grantedBy: request.grantedBy },
    idempotencyKey: request.idempotencyKey ?? null,
    createdAt: clock(),
  };
  return {
    status: 201,
    body: transactionView(row),
    statements: [
      insertTransactionStatement(db, row),
      ...credit.statements,
      ...audit(transactionId, { memberId: request.memberId, points: request.points, reason: request.reason }),
    ],
    events: [
      eventDraft(
        context,
        'goodwill.credited',
        { transactionId, memberId: request.memberId, points: request.points, reason: request.reason },
        { memberIds: [request.memberId], ledger: true },
      ),
    ],
  };
}

import {
  insertDisputeStatement,
  listDisputes,
  listPayments,
  type PaymentRow,
  partnerTransfersIn,
} from '../db/reconciliation.js';
import { acknowledgeStatement, findSettlement, findStatement, listStatements } from '../db/settlements.js';
import type { AppDependencies } from '../dependencies.js';
import { type DomainError, domainError, type RefusalOf } from '../domain/errors.js';
import type { SettlementDocument } from '../domain/settlement/documents.js';
import { eventDraft } from '../events/draft.js';
import type { WritePlan } from '../writes/plan.js';
import {
  type DisputeView,
  disputeView,
  type StatementView,
  statementStatus,
  statementView,
  statusesByPartner,
} from './views.js';

type ReadContext = Pick<AppDependencies, 'db' | 'config'>;
type WriteContext = Pick<AppDependencies, 'db' | 'config' | 'clock' | 'ids'>;

/** What acknowledging a statement can be refused with. */
export const ACKNOWLEDGE_REFUSALS = ['settlement_not_found'] as const;
/** What disputing lines can be refused with. */
export const DISPUTE_REFUSALS = ['settlement_not_found', 'dispute_line_not_found'] as const;

/** The same answer whether the settlement does not exist or the partner has no statement in it. */
export const settlementNotFound = (settlementId: string) =>
  domainError('settlement_not_found', `There is no settlement ${settlementId}.`);

/**
 * One partner's statement with its payments and disputes; another partner's is not found. A write
 * passes the payment it is about to record, so that its answer is the statement as it leaves it.
 */
export async function readStatement(
  context: ReadContext,
  settlementId: string,
  partnerId: string,
  plannedPayment?: PaymentRow,
): Promise<StatementView | DomainError<'settlement_not_found'>> {
  const { db, config } = context;
  const row = await findStatement(db, settlementId, partnerId);
  if (row === undefined) return settlementNotFound(settlementId);
  const [recorded, disputes] = await Promise.all([
    listPayments(db, settlementId, partnerId),
    listDisputes(db, settlementId, partnerId),
  ]);
  const payments = plannedPayment === undefined ? recorded : [...recorded, plannedPayment];
  const views = disputes.map(({ dispute, adjustment }) =>
    disputeView(dispute, adjustment, config.referenceCurrency),
  );
  return statementView(row, statementStatus(row, payments, views));
}

/** The whole settlement as the operator reads it: the signed document and every statement. */
export async function readSettlement(context: ReadContext, settlementId: string) {
  const { db, config } = context;
  const settlement = await findSettlement(db, settlementId);
  if (settlement === undefined) return settlementNotFound(settlementId);
  const [statements, payments, disputes] = await Promise.all([
    listStatements(db, settlementId),
    listPayments(db, settlementId),
    listDisputes(db, settlementId),
  ]);
  const views = disputes.map(({ dispute, adjustment }) =>
    disputeView(dispute, adjustment, config.referenceCurrency),
  );
  const statuses = statusesByPartner(statements, payments, views);
  return {
    settlement: JSON.parse(settlement.document) as SettlementDocument,
    signature: settlement.signature,
    statements: statements.flatMap((row) => {
      const status = statuses.get(row.partnerId);
      return status === undefined ? [] : [statementView(row, status)];
    }),
  };
}

/** Acknowledges the partner's statement; acknowledging again keeps the first time. */
export async function planAcknowledge(
  context: WriteContext,
  partnerId: string,
  settlementId: string,
): Promise<WritePlan<StatementView> | DomainError<'settlement_not_found'>> {
  const current = await readStatement(context, settlementId, partnerId);
  if ('code' in current) return current;
  const nowMs = context.clock();
  const acknowledgedAt = current.acknowledgedAt ?? new Date(nowMs).toISOString();
  return {
    status: 200,
    body: { ...current, acknowledgedAt },
    statements: [acknowledgeStatement(context.db, settlementId, partnerId, nowMs)],
    // Acknowledging again keeps the first time, and tells no one again.
    events:
      current.acknowledgedAt === null
        ? [eventDraft(context, 'statement.acknowledged', { settlementId, partnerId }, { partnerId })]
        : [],
  };
}

export const DISPUTE_MAX_LINES = 50;

/** Disputes lines of the partner's statement: each must be one of its own transfers in the period. */
export async function planDispute(
  context: WriteContext,
  partnerId: string,
  settlementId: string,
  request: { transferIds: readonly string[]; reason: string },
): Promise<WritePlan<DisputeView> | DomainError<RefusalOf<typeof DISPUTE_REFUSALS>>> {
  const { db, ids, clock, config } = context;
  const settlement = await findSettlement(db, settlementId);
  if (settlement === undefined || (await findStatement(db, settlementId, partnerId)) === undefined)
    return settlementNotFound(settlementId);
  const transferIds = [...new Set(request.transferIds)];
  const found = await partnerTransfersIn(
    db,
    partnerId,
    { from: settlement.fromSequence, to: settlement.toSequence },
    transferIds,
  );
  const unknown = transferIds.filter((id) => !found.has(id));
  if (unknown.length > 0) {
    return domainError(
      'dispute_line_not_found',
      `${unknown.length === 1 ? 'This line is' : 'These lines are'} not among your lines of settlement ${settlementId}: ${unknown.join(', ')}.`,
      {
        transferIds: unknown,
      },
    );
  }
  const row = {
    id: ids('dsp'),
    settlementId,
    partnerId,
    transferIds: JSON.stringify(transferIds),
    reason: request.reason,
    status: 'open' as const,
    resolutionNote: null,
    createdAt: clock(),
    resolvedAt: null,
  };
  return {
    status: 201,
    body: disputeView(row, null, config.referenceCurrency),
    statements: [insertDisputeStatement(db, row)],
    events: [
      eventDraft(
        context,
        'statement.disputed',
        { settlementId, partnerId, disputeId: row.id, lines: transferIds.length },
        { partnerId },
      ),
    ],
  };
}

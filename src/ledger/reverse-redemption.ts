import { and, eq, sql } from 'drizzle-orm';
import type { BatchStatement } from '../db/database.js';
import { readReturnableDraws } from '../db/ledger.js';
import { holderOf, requireNotMerged } from '../db/members.js';
import { transactions } from '../db/schema/index.js';
import {
  insertTransactionStatement,
  type NewTransactionRow,
  type TransactionRow,
} from '../db/transactions.js';
import type { LedgerContext } from '../dependencies.js';
import { type DomainError, domainError } from '../domain/errors.js';
import { redemptionAccountId, walletAccountId } from '../domain/ledger/accounts.js';
import type { LotDraw } from '../domain/ledger/lots.js';
import { eventDraft } from '../events/draft.js';
import { requireChangedRow, WriteConflict } from '../writes/guards.js';
import type { WritePlan } from '../writes/plan.js';
import { planLotMovement } from './postings.js';
import type { ReversalRequest } from './reverse.js';
import { type TransactionView, transactionView } from './transaction-view.js';

/**
 * Gives the points of a redemption back (goods returned): into the very lots they came from,
 * latest-expiring first, so provenance and expiry stay exact.
 */
export async function planRedemptionReversal(
  context: LedgerContext,
  partnerId: string,
  original: TransactionRow,
  request: ReversalRequest,
): Promise<WritePlan<TransactionView> | DomainError<'validation_failed' | 'reversal_exceeds_original'>> {
  const { db, ids, clock } = context;
  const nowMs = clock();
  if (request.amount !== undefined)
    return domainError('validation_failed', 'A redemption is returned in "points", not "amount".');
  const remaining = original.points - original.pointsReversed;
  const points = request.points ?? remaining;
  if (remaining === 0)
    return domainError('reversal_exceeds_original', 'The redemption has been returned in full already.');
  if (points <= 0 || points > remaining) {
    return domainError(
      'reversal_exceeds_original',
      `Only ${remaining} points of the redemption remain to be returned; ${points} were asked.`,
      { remainingPoints: remaining },
    );
  }
  const reversalId = ids('txn');
  const statements: BatchStatement[] = [
    db
      .update(transactions)
      .set({ pointsReversed: sql`${transactions.pointsReversed} + ${points}` })
      .where(and(eq(transactions.id, original.id), eq(transactions.pointsReversed, original.pointsReversed))),
    requireChangedRow(db, 'return_already_counted'),
  ];
  let missing = points;
  const restored = new Map<string, number>();
  for (const transfer of await readReturnableDraws(db, original.id)) {
    if (missing === 0) break;
    const restores: LotDraw[] = [];
    for (const draw of [...transfer.draws].sort((a, b) => b.expiresAt - a.expiresAt)) {
      const taken = Math.min(draw.points, missing);
      if (taken === 0) break;
      restores.push({ lotId: draw.lotId, issuerPartnerId: draw.issuerPartnerId, points: taken });
      missing -= taken;
    }
    const back = restores.reduce((total, restore) => total + restore.points, 0);
    // A merge committed since the reads moved these lots: plan again on their new holder.
    if (back > 0) statements.push(requireNotMerged(db, transfer.memberId));
    if (back > 0) restored.set(transfer.memberId, (restored.get(transfer.memberId) ?? 0) + back);
    statements.push(
      ...planLotMovement(context, {
        kind: 'redeem_reversal',
        transactionId: reversalId,
        debitAccountId: redemptionAccountId(partnerId),
        creditAccountId: walletAccountId(transfer.memberId),
        partnerId,
        reversesTransferId: transfer.transferId,
        lots: restores,
      }),
    );
  }
  // Another return committed between reading the redemption and its draws: plan again.
  if (missing !== 0) throw new WriteConflict(`redemption ${original.id} was returned meanwhile`);
  const row: NewTransactionRow = {
    id: reversalId,
    partnerId,
    memberId: await holderOf(db, original.memberId),
    kind: 'reversal',
    status: 'posted',
    points,
    details: { kind: 'reversal', reverses: 'redeem', ...(request.reason ? { reason: request.reason } : {}) },
    externalReference: request.externalReference ?? null,
    idempotencyKey: request.idempotencyKey ?? null,
    originalTransactionId: original.id,
    createdAt: nowMs,
  };
  return {
    status: 201,
    body: transactionView(row),
    statements: [insertTransactionStatement(db, row), ...statements],
    events: [
      eventDraft(
        context,
        'transaction.redemption_returned',
        {
          transactionId: reversalId,
          originalTransactionId: original.id,
          partnerId,
          memberId: original.memberId,
          points,
          restored: [...restored].map(([memberId, back]) => ({ memberId, points: back })),
        },
        { partnerId, memberIds: [original.memberId, ...restored.keys()], ledger: true },
      ),
    ],
  };
}

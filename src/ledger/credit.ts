import type { BatchStatement } from '../db/database.js';
import { createLotStatement, readMemberDebts, repayDebtStatements, transferStatement } from '../db/ledger.js';
import { walletAccountId } from '../db/members.js';
import { issuanceAccountId } from '../db/partners.js';
import type { LedgerContext } from '../dependencies.js';
import { type Debt, repayDebts } from '../domain/ledger/debts.js';
import { addMonths } from '../domain/ledger/lots.js';

export interface CreditRequest {
  readonly memberId: string;
  readonly partnerId: string;
  readonly transactionId: string;
  readonly points: number;
}

/**
 * Credits earned points to a wallet: issuance -> wallet, then any points the member owes are
 * repaid first (wallet -> the creditor's issuance), and what is left becomes a lot that expires
 * after the network's expiry period. `knownDebts` skips reading the debts when the caller has
 * just read them (an earn knows from its first read whether the member owes anything).
 */
export async function planCredit(
  context: LedgerContext,
  request: CreditRequest,
  knownDebts?: readonly Debt[],
): Promise<{ statements: BatchStatement[]; pointsRepaid: number }> {
  if (request.points === 0) return { statements: [], pointsRepaid: 0 };
  const { db, ids, clock, config } = context;
  const nowMs = clock();
  const wallet = walletAccountId(request.memberId);
  const repayments = repayDebts(knownDebts ?? (await readMemberDebts(db, request.memberId)), request.points);
  const pointsRepaid = repayments.reduce((total, repayment) => total + repayment.points, 0);
  const statements: BatchStatement[] = [
    transferStatement(db, {
      id: ids('trf'),
      transactionId: request.transactionId,
      kind: 'earn',
      debitAccountId: issuanceAccountId(request.partnerId),
      creditAccountId: wallet,
      points: request.points,
      partnerId: request.partnerId,
      createdAt: nowMs,
    }),
    ...repayments.map((repayment) =>
      transferStatement(db, {
        id: ids('trf'),
        transactionId: request.transactionId,
        kind: 'debt_repayment',
        debitAccountId: wallet,
        creditAccountId: issuanceAccountId(repayment.creditorPartnerId),
        points: repayment.points,
        partnerId: repayment.creditorPartnerId,
        reversesTransferId: repayment.refundedTransferId,
        createdAt: nowMs,
      }),
    ),
    ...repayDebtStatements(db, repayments),
  ];
  const pointsKept = request.points - pointsRepaid;
  if (pointsKept > 0) {
    statements.push(
      createLotStatement(db, {
        id: ids('lot'),
        memberId: request.memberId,
        issuerPartnerId: request.partnerId,
        transactionId: request.transactionId,
        pointsOriginal: pointsKept,
        pointsRemaining: pointsKept,
        expiresAt: addMonths(nowMs, config.pointsExpiryMonths),
        createdAt: nowMs,
      }),
    );
  }
  return { statements, pointsRepaid };
}

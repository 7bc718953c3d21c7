import type { BatchStatement, Database } from '../src/db/database.js';
import { createLotStatement, transferStatement } from '../src/db/ledger.js';
import { idempotencyRecords } from '../src/db/schema/index.js';
import { insertTransactionStatement } from '../src/db/transactions.js';
import type { IdGenerator } from '../src/domain/ids.js';
import { issuanceAccountId, walletAccountId } from '../src/domain/ledger/accounts.js';
import { addMonths } from '../src/domain/ledger/lots.js';
import { transactionView } from '../src/ledger/transaction-view.js';

export interface EarnWrite {
  readonly partnerId: string;
  readonly memberId: string;
  readonly points: number;
  readonly amountMinor: number;
  readonly currency: string;
  readonly fxSnapshotId: string;
  readonly fxRate: string;
  readonly idempotencyKey: string;
  readonly nowMs: number;
  readonly expiryMonths: number;
}

/**
 * What a posted earn of a member without debts writes, built with the app's own statement
 * builders in the order `runIdempotentWrite` + `planEarn` put them in the batch: the idempotency
 * record, the transaction, the earn transfer (its triggers move the balances and the settlement
 * totals) and the lot.
 */
export function earnStatements(db: Database, ids: IdGenerator, earn: EarnWrite): BatchStatement[] {
  const transactionId = ids('txn');
  const row = {
    id: transactionId,
    partnerId: earn.partnerId,
    memberId: earn.memberId,
    kind: 'earn' as const,
    status: 'posted' as const,
    amountMinor: earn.amountMinor,
    currency: earn.currency,
    fxSnapshotId: earn.fxSnapshotId,
    fxRate: earn.fxRate,
    earnRate: '1',
    lines: null,
    points: earn.points,
    pointsReversed: 0,
    amountReversedMinor: 0,
    holdExpiresAt: null,
    details: { kind: 'earn' as const, pointsRepaid: 0 },
    externalReference: earn.idempotencyKey,
    idempotencyKey: earn.idempotencyKey,
    createdAt: earn.nowMs,
  };
  return [
    db.insert(idempotencyRecords).values({
      principalKind: 'partner',
      principalId: earn.partnerId,
      key: earn.idempotencyKey,
      requestHash: 'f'.repeat(64),
      statusCode: 201,
      responseBody: JSON.stringify(transactionView(row)),
      createdAt: earn.nowMs,
    }),
    insertTransactionStatement(db, row),
    transferStatement(db, {
      id: ids('trf'),
      transactionId,
      kind: 'earn',
      debitAccountId: issuanceAccountId(earn.partnerId),
      creditAccountId: walletAccountId(earn.memberId),
      points: earn.points,
      partnerId: earn.partnerId,
      createdAt: earn.nowMs,
    }),
    createLotStatement(db, {
      id: ids('lot'),
      memberId: earn.memberId,
      issuerPartnerId: earn.partnerId,
      transactionId,
      pointsOriginal: earn.points,
      pointsRemaining: earn.points,
      expiresAt: addMonths(earn.nowMs, earn.expiryMonths),
      createdAt: earn.nowMs,
    }),
  ];
}

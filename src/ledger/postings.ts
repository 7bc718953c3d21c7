import type { BatchStatement } from '../db/database.js';
import {
  createLotStatement,
  drawLotStatements,
  lotProvenanceStatements,
  readMemberDebts,
  repayDebtStatements,
  restoreLotStatements,
  transferStatement,
} from '../db/ledger.js';
import { refuseErasedMember } from '../db/members.js';
import type { LedgerContext } from '../dependencies.js';
import { issuanceAccountId, PROMOTIONS_ACCOUNT_ID, walletAccountId } from '../domain/ledger/accounts.js';
import { type Debt, repayDebts } from '../domain/ledger/debts.js';
import { NETWORK_PARTY, TRANSFER_KINDS, type TransferKind } from '../domain/ledger/kinds.js';
import { addMonths, type LotDraw } from '../domain/ledger/lots.js';

/** Who pays for a credit: the account the points come from and the party settlement prices it with. */
export interface Funder {
  /** The account debited: a partner's issuance account, the network's promotions budget. */
  readonly accountId: string;
  /** The partner settled with; null when the network funds it. */
  readonly partnerId: string | null;
  /** Recorded on the new lot as its issuer: a partner id, or `network`. */
  readonly issuer: string;
}

/** The network's promotions budget funds a credit: its lots have the network as issuer. */
export const NETWORK_FUNDER: Funder = {
  accountId: PROMOTIONS_ACCOUNT_ID,
  partnerId: null,
  issuer: NETWORK_PARTY,
};

/** A partner funds the points it issues: from its issuance account, with itself as the lots' issuer. */
export function partnerFunder(partnerId: string): Funder {
  return { accountId: issuanceAccountId(partnerId), partnerId, issuer: partnerId };
}

export interface CreditRequest {
  /** A kind of the registry that creates a lot (earn, goodwill, …). */
  readonly kind: TransferKind;
  readonly memberId: string;
  readonly transactionId: string;
  readonly points: number;
  readonly funder: Funder;
  /** For kinds priced `fixed` or `point_value`. */
  readonly unitPrice?: string | undefined;
  /** The member's debts when the caller has just read them (an earn knows whether any exist). */
  readonly knownDebts?: readonly Debt[] | undefined;
}

/**
 * Credits points to a wallet from their funder. Only kinds the registry marks `repaysDebts` (an
 * earn) first repay what the member owes (wallet -> the creditor's issuance, at the refunded
 * earn's terms); what is left becomes a lot with its issuer and the network's expiry.
 */
export async function planCredit(
  context: LedgerContext,
  request: CreditRequest,
): Promise<{ statements: BatchStatement[]; pointsRepaid: number }> {
  if (request.points === 0) return { statements: [], pointsRepaid: 0 };
  const { db, ids, clock, config } = context;
  const nowMs = clock();
  const wallet = walletAccountId(request.memberId);
  const repayments = TRANSFER_KINDS[request.kind].repaysDebts
    ? repayDebts(request.knownDebts ?? (await readMemberDebts(db, request.memberId)), request.points)
    : [];
  const pointsRepaid = repayments.reduce((total, repayment) => total + repayment.points, 0);
  const statements: BatchStatement[] = [
    refuseErasedMember(db, request.memberId),
    transferStatement(db, {
      id: ids('trf'),
      transactionId: request.transactionId,
      kind: request.kind,
      debitAccountId: request.funder.accountId,
      creditAccountId: wallet,
      points: request.points,
      partnerId: request.funder.partnerId,
      unitPrice: request.unitPrice,
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
        issuerPartnerId: request.funder.issuer,
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

export interface LotMovement {
  readonly kind: TransferKind;
  readonly transactionId: string;
  readonly debitAccountId: string;
  readonly creditAccountId: string;
  /** The partner settled with; null for the network's own (expiry). */
  readonly partnerId: string | null;
  readonly lots: readonly LotDraw[];
  readonly reversesTransferId?: string | null | undefined;
  readonly unitPrice?: string | undefined;
}

/**
 * One transfer of the points of some lots, and what it does to those lots by its kind: a debit
 * draws them (a redemption, a refund, expiry), a return puts them back (a returned redemption), a
 * capture of held points only records where they came from.
 * A lot that another write emptied meanwhile fails its CHECK and aborts the batch.
 */
export function planLotMovement(context: LedgerContext, movement: LotMovement): BatchStatement[] {
  const { db, ids, clock } = context;
  const points = movement.lots.reduce((total, lot) => total + lot.points, 0);
  if (points === 0) return [];
  const transferId = ids('trf');
  const transfer = transferStatement(db, {
    id: transferId,
    transactionId: movement.transactionId,
    kind: movement.kind,
    debitAccountId: movement.debitAccountId,
    creditAccountId: movement.creditAccountId,
    points,
    partnerId: movement.partnerId,
    reversesTransferId: movement.reversesTransferId,
    unitPrice: movement.unitPrice,
    createdAt: clock(),
  });
  const effect = TRANSFER_KINDS[movement.kind].lots;
  if (effect === 'restore') return [transfer, ...restoreLotStatements(db, transferId, movement.lots)];
  if (effect === 'draw') return [transfer, ...drawLotStatements(db, transferId, movement.lots)];
  if (effect === 'provenance') return [transfer, ...lotProvenanceStatements(db, transferId, movement.lots)];
  throw new TypeError(`a ${movement.kind} transfer does not move lots`);
}

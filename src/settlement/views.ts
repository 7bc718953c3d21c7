import type { AdjustmentRow, DisputeRow, PaymentRow } from '../db/reconciliation.js';
import type { SettlementRow, StatementRow } from '../db/settlements.js';
import { type WireAmount, wireAmount } from '../domain/settlement/amounts.js';
import type { SettlementDocument, StatementDocument } from '../domain/settlement/documents.js';

/** What the API answers about settlements: the signed documents as stored, plus their mutable status. */

const iso = (ms: number) => new Date(ms).toISOString();

export interface DisputeView {
  readonly id: string;
  readonly settlementId: string;
  readonly partnerId: string;
  readonly transferIds: string[];
  readonly reason: string;
  readonly status: 'open' | 'accepted' | 'rejected';
  readonly resolutionNote: string | null;
  readonly adjustment: {
    readonly id: string;
    readonly direction: 'credit' | 'debit';
    readonly amountExact: string;
    readonly currency: string;
    readonly points: number | null;
    readonly appliedSettlementId: string | null;
  } | null;
  readonly createdAt: string;
  readonly resolvedAt: string | null;
}

export function disputeView(
  dispute: DisputeRow,
  adjustment: AdjustmentRow | null,
  referenceCurrency: string,
): DisputeView {
  return {
    id: dispute.id,
    settlementId: dispute.settlementId,
    partnerId: dispute.partnerId,
    transferIds: JSON.parse(dispute.transferIds) as string[],
    reason: dispute.reason,
    status: dispute.status,
    resolutionNote: dispute.resolutionNote,
    adjustment:
      adjustment === null
        ? null
        : {
            id: adjustment.id,
            direction: adjustment.direction,
            amountExact: adjustment.amountReference,
            currency: referenceCurrency,
            points: adjustment.points,
            appliedSettlementId: adjustment.appliedSettlementId,
          },
    createdAt: iso(dispute.createdAt),
    resolvedAt: dispute.resolvedAt === null ? null : iso(dispute.resolvedAt),
  };
}

export interface PaymentView {
  readonly reference: string;
  readonly amount: WireAmount;
  readonly paidAt: string;
  readonly recordedAt: string;
}

export interface StatementStatusView {
  readonly acknowledgedAt: string | null;
  readonly paymentStatus: 'nothing_due' | 'open' | 'partially_paid' | 'paid';
  readonly paid: WireAmount;
  readonly outstanding: WireAmount;
  readonly payments: PaymentView[];
  readonly disputes: DisputeView[];
}

export function statementStatus(
  row: StatementRow,
  payments: readonly PaymentRow[],
  disputes: readonly DisputeView[],
): StatementStatusView {
  const dueMinor = BigInt(Math.abs(row.netMinor));
  const paidMinor = payments.reduce((total, payment) => total + BigInt(payment.amountMinor), 0n);
  const paymentStatus =
    dueMinor === 0n
      ? 'nothing_due'
      : paidMinor === 0n
        ? 'open'
        : paidMinor < dueMinor
          ? 'partially_paid'
          : 'paid';
  return {
    acknowledgedAt: row.acknowledgedAt === null ? null : iso(row.acknowledgedAt),
    paymentStatus,
    paid: wireAmount(paidMinor, row.currency),
    outstanding: wireAmount(dueMinor - paidMinor, row.currency),
    payments: payments.map((payment) => ({
      reference: payment.reference,
      amount: wireAmount(BigInt(payment.amountMinor), payment.currency),
      paidAt: iso(payment.paidAt),
      recordedAt: iso(payment.recordedAt),
    })),
    disputes: [...disputes],
  };
}

/** A statement as its partner (or the operator) reads it: the signed document, its JWS, its status. */
export function statementView(row: StatementRow, status: StatementStatusView) {
  return {
    settlementId: row.settlementId,
    partnerId: row.partnerId,
    statement: JSON.parse(row.document) as StatementDocument,
    signature: row.signature,
    ...status,
  };
}

export type StatementView = ReturnType<typeof statementView>;

export function settlementSummary(row: SettlementRow) {
  const document = JSON.parse(row.document) as SettlementDocument;
  return {
    id: row.id,
    number: row.number,
    period: document.period,
    fxSnapshotId: row.fxSnapshotId,
    totals: document.totals,
    netting: document.netting,
  };
}

/** Groups payments and disputes by partner, for the statements of one settlement. */
export function statusesByPartner(
  statements: readonly StatementRow[],
  payments: readonly PaymentRow[],
  disputes: readonly DisputeView[],
) {
  return new Map(
    statements.map((row) => [
      row.partnerId,
      statementStatus(
        row,
        payments.filter((payment) => payment.partnerId === row.partnerId),
        disputes.filter((dispute) => dispute.partnerId === row.partnerId),
      ),
    ]),
  );
}

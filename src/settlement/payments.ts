import { type AuditHook, noAudit } from '../db/audit.js';
import { isConstraintFailure, runBatch } from '../db/database.js';
import { findPayment, recordPaymentStatements } from '../db/reconciliation.js';
import { findStatement } from '../db/settlements.js';
import type { AppDependencies } from '../dependencies.js';
import { type DomainError, domainError, isDomainError } from '../domain/errors.js';
import { moneyFromWire, type WireMoney } from '../ledger/pricing.js';
import { readStatement, settlementNotFound } from './reconciliation.js';
import type { StatementView } from './views.js';

export interface PaymentRequest {
  readonly partnerId: string;
  readonly amount: WireMoney;
  /** The bank or transfer reference; a payment is recorded once per reference. */
  readonly reference: string;
  readonly paidAtMs?: number | undefined;
}

type Context = Pick<AppDependencies, 'db' | 'config' | 'clock'>;

/**
 * Records a payment against a statement, in the statement's settlement currency, in whichever
 * direction the net runs. Payments never add up to more than the net; the same reference again
 * with the same amount answers the statement as it is (200), with another amount a 409.
 */
export async function recordPayment(
  context: Context,
  settlementId: string,
  request: PaymentRequest,
  audit: AuditHook = noAudit,
): Promise<{ status: 200 | 201; body: StatementView } | DomainError> {
  const { db, clock } = context;
  const statement = await findStatement(db, settlementId, request.partnerId);
  if (statement === undefined) return settlementNotFound(settlementId);
  const amount = moneyFromWire(request.amount);
  if (isDomainError(amount)) return amount;
  if (amount.currency !== statement.currency) {
    return domainError(
      'currency_mismatch',
      `The statement settles in ${statement.currency}; the payment is in ${amount.currency}.`,
    );
  }
  const replay = await earlierPayment(context, settlementId, request, amount.amountMinor);
  if (replay !== undefined) return replay;
  const nowMs = clock();
  const row = {
    settlementId,
    partnerId: request.partnerId,
    reference: request.reference,
    amountMinor: Number(amount.amountMinor),
    currency: amount.currency,
    paidAt: request.paidAtMs ?? nowMs,
    recordedAt: nowMs,
  };
  try {
    const details = {
      partnerId: row.partnerId,
      reference: row.reference,
      amountMinor: row.amountMinor,
      currency: row.currency,
      paidAt: row.paidAt,
    };
    await runBatch(db, [
      ...recordPaymentStatements(db, row, Math.abs(statement.netMinor)),
      ...audit(settlementId, details),
    ]);
  } catch (error) {
    if (!isConstraintFailure(error)) throw error;
    const concurrent = await earlierPayment(context, settlementId, request, amount.amountMinor);
    if (concurrent !== undefined) return concurrent;
    const view = await readStatement(context, settlementId, request.partnerId);
    const outstanding = isDomainError(view) ? undefined : view.outstanding;
    return domainError(
      'payment_exceeds_net',
      `Only ${outstanding?.amount ?? '0'} ${statement.currency} of the statement is outstanding.`,
      { outstanding },
    );
  }
  const body = await readStatement(context, settlementId, request.partnerId);
  return isDomainError(body) ? body : { status: 201, body };
}

async function earlierPayment(
  context: Context,
  settlementId: string,
  request: PaymentRequest,
  amountMinor: bigint,
) {
  const existing = await findPayment(context.db, settlementId, request.partnerId, request.reference);
  if (existing === undefined) return undefined;
  if (BigInt(existing.amountMinor) !== amountMinor) {
    return domainError(
      'payment_reference_reused',
      `Payment reference "${request.reference}" was recorded with another amount.`,
    );
  }
  const body = await readStatement(context, settlementId, request.partnerId);
  return isDomainError(body) ? body : { status: 200 as const, body };
}

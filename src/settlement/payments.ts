import { type AuditHook, noAudit } from '../db/audit.js';
import { findPayment, listPayments, recordPaymentStatements } from '../db/reconciliation.js';
import { findStatement } from '../db/settlements.js';
import type { AppDependencies } from '../dependencies.js';
import { type DomainError, domainError, isDomainError, type RefusalOf } from '../domain/errors.js';
import { wireAmount } from '../domain/settlement/amounts.js';
import { eventDraft } from '../events/draft.js';
import { MONEY_REFUSALS, moneyFromWire, type WireMoney } from '../ledger/pricing.js';
import type { WritePlan } from '../writes/plan.js';
import { readStatement, settlementNotFound } from './reconciliation.js';
import type { StatementView } from './views.js';

export interface PaymentRequest {
  readonly partnerId: string;
  readonly amount: WireMoney;
  /** The bank or transfer reference; a payment is recorded once per reference. */
  readonly reference: string;
  readonly paidAtMs?: number | undefined;
}

type Context = Pick<AppDependencies, 'db' | 'config' | 'clock' | 'ids'>;

/** What recording a payment can be refused with. */
export const PAYMENT_REFUSALS = [
  'settlement_not_found',
  'currency_mismatch',
  'payment_exceeds_net',
  'payment_reference_reused',
  ...MONEY_REFUSALS,
] as const;

/**
 * Plans a payment against a statement, in the statement's settlement currency, in whichever
 * direction the net runs. Payments never add up to more than the net (checked here for a clear
 * answer, and again in the batch); the same reference again with the same amount answers the
 * statement as it is (200) and records nothing, with another amount it is refused.
 */
export async function planPayment(
  context: Context,
  settlementId: string,
  request: PaymentRequest,
  audit: AuditHook = noAudit,
): Promise<WritePlan<StatementView> | DomainError<RefusalOf<typeof PAYMENT_REFUSALS>>> {
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
  const earlier = await findPayment(db, settlementId, request.partnerId, request.reference);
  if (earlier !== undefined) {
    if (BigInt(earlier.amountMinor) !== amount.amountMinor) {
      return domainError(
        'payment_reference_reused',
        `Payment reference "${request.reference}" was recorded with another amount.`,
      );
    }
    const asItIs = await readStatement(context, settlementId, request.partnerId);
    return isDomainError(asItIs) ? asItIs : { status: 200, body: asItIs, statements: [] };
  }
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
  const paidMinor = (await listPayments(db, settlementId, request.partnerId)).reduce(
    (total, payment) => total + BigInt(payment.amountMinor),
    0n,
  );
  const outstandingMinor = BigInt(Math.abs(statement.netMinor)) - paidMinor;
  if (amount.amountMinor > outstandingMinor) {
    const outstanding = wireAmount(outstandingMinor, statement.currency);
    return domainError(
      'payment_exceeds_net',
      `Only ${outstanding.amount} ${statement.currency} of the statement is outstanding.`,
      { outstanding },
    );
  }
  const after = await readStatement(context, settlementId, request.partnerId, row);
  if (isDomainError(after)) return after;
  const { partnerId, reference, amountMinor, currency, paidAt } = row;
  return {
    status: 201,
    body: after,
    statements: [
      ...recordPaymentStatements(db, row, Math.abs(statement.netMinor)),
      ...audit(settlementId, { partnerId, reference, amountMinor, currency, paidAt }),
    ],
    events: [
      eventDraft(
        context,
        'payment.recorded',
        { settlementId, partnerId, reference, amount: wireAmount(amount.amountMinor, currency) },
        { partnerId },
      ),
    ],
  };
}

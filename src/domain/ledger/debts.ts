/** Points a member owes a partner after a reversal found them already spent. */
export interface Debt {
  readonly id: string;
  readonly creditorPartnerId: string;
  readonly pointsRemaining: number;
  /** The earn transfer whose refund left the debt; a repayment reverses it, at its terms. */
  readonly refundedTransferId: string | null;
}

export interface DebtRepayment {
  readonly debtId: string;
  readonly creditorPartnerId: string;
  readonly points: number;
  readonly refundedTransferId: string | null;
}

/** Newly credited points repay debts first, oldest debt first (callers pass them in that order). */
export function repayDebts(debts: readonly Debt[], pointsCredited: number): DebtRepayment[] {
  const repayments: DebtRepayment[] = [];
  let available = pointsCredited;
  for (const debt of debts) {
    if (available === 0) break;
    const points = Math.min(debt.pointsRemaining, available);
    if (points <= 0) continue;
    repayments.push({
      debtId: debt.id,
      creditorPartnerId: debt.creditorPartnerId,
      points,
      refundedTransferId: debt.refundedTransferId,
    });
    available -= points;
  }
  return repayments;
}

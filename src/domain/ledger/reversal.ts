import { proportionalPart } from '../conversion.js';
import { type DomainError, domainError } from '../errors.js';

export interface ReversibleEarn {
  /** The amount the points were earned on (the captured amount for a captured hold). */
  readonly baseAmountMinor: bigint;
  readonly basePoints: number;
  readonly amountReversedMinor: bigint;
  readonly pointsReversed: number;
}

/**
 * A refund takes back points in proportion to the money refunded, at the original terms. The
 * target is computed on the cumulative refunded amount and rounded down, so partial refunds
 * never take back more in total than the original earned, and a full refund takes back exactly
 * all of it.
 */
export function pointsToReverse(
  earn: ReversibleEarn,
  refundMinor: bigint,
): number | DomainError<'invalid_amount' | 'reversal_exceeds_original'> {
  const remainingMinor = earn.baseAmountMinor - earn.amountReversedMinor;
  if (refundMinor <= 0n) return domainError('invalid_amount', 'The refunded amount must be positive.');
  if (refundMinor > remainingMinor) {
    return domainError(
      'reversal_exceeds_original',
      `Only ${remainingMinor} minor units of the original remain to be refunded; ${refundMinor} were asked.`,
      {
        remainingMinor: remainingMinor.toString(),
      },
    );
  }
  if (earn.baseAmountMinor === 0n) return 0;
  const target = proportionalPart(
    BigInt(earn.basePoints),
    earn.amountReversedMinor + refundMinor,
    earn.baseAmountMinor,
  );
  return Number(target) - earn.pointsReversed;
}

import { proportionalPart } from '../conversion.js';
import { floor, multiply, type Rational, rational } from '../rational.js';

/**
 * Qualifying credits are kept apart from spendable points: they count towards a tier, are never
 * spent, pooled or transferred, and a redemption never touches them.
 *
 * An earn qualifies for `points × creditsPerPoint` of its partner (1 unless the operator weighs the
 * partner otherwise), rounded down. The rule reads the points earned, so a line whose category
 * earns nothing (a prescription, at a multiplier of 0) qualifies for nothing either; bonus points
 * (a tier's multiplier, a gift) never qualify.
 */
export function qualifyingCreditsFor(points: number, creditsPerPoint: Rational): number {
  return Number(floor(multiply(rational(BigInt(points)), creditsPerPoint)));
}

/**
 * A refund takes back qualifying credits as it takes back points: in proportion to the money
 * refunded, rounded down on the cumulative amount, so partial refunds never take back more than
 * the earn gave and a full refund takes back all of it.
 */
export function creditsToTakeBack(
  earned: number,
  baseAmountMinor: bigint,
  reversedBeforeMinor: bigint,
  refundMinor: bigint,
): number {
  if (baseAmountMinor === 0n || earned === 0) return 0;
  const before = proportionalPart(BigInt(earned), reversedBeforeMinor, baseAmountMinor);
  const after = proportionalPart(BigInt(earned), reversedBeforeMinor + refundMinor, baseAmountMinor);
  return Number(after - before);
}

/** The bonus a tier's multiplier adds to the points earned: the part above 1x, rounded down. */
export function bonusPointsFor(points: number, bonusRate: Rational): number {
  return Number(floor(multiply(rational(BigInt(points)), bonusRate)));
}

import * as z from 'zod';
import { isDecimalError, parseDecimal } from '../decimal.js';
import { type DomainError, domainError } from '../errors.js';
import { compare, type Rational, rational } from '../rational.js';

/**
 * The network's tiers, as the operator defines them: names, the qualifying credits each needs in a
 * window, what each gives (as text for people and as data partners act on) and, optionally, after
 * how many windows at the tier it is kept for life. A definition is a ladder: tiers in ascending
 * order of threshold. Every change is a new version, in force from the moment it is published, so
 * a window is always judged by the ladder that was in force when it ended.
 */

export const FUNDERS = ['network', 'partner'] as const;
export type BonusFunder = (typeof FUNDERS)[number];

export const tierBenefitsSchema = z.object({
  /** What the tier gives, in words members and partners' staff read. */
  description: z.string(),
  /** Bonus points on every earn: `multiplier` x the points earned in all, the bonus being the part above 1x. */
  earnMultiplier: z.object({ multiplier: z.string(), fundedBy: z.enum(FUNDERS) }).nullable(),
  /** Hotels and travel partners may upgrade the member's room when they can. */
  roomUpgradeEligible: z.boolean(),
  /** Further benefits as short codes partners act on (`late_checkout`, `lounge_access`, …). */
  perks: z.array(z.string()),
});

export type TierBenefits = z.infer<typeof tierBenefitsSchema>;

export const tierSchema = z.object({
  code: z.string(),
  name: z.string(),
  /** Qualifying credits needed in one window. */
  threshold: z.number().int(),
  /** Windows qualified at this tier (or above) after which it is kept for life; null: never. */
  lifetimeAfterYears: z.number().int().nullable(),
  benefits: tierBenefitsSchema,
});

export type Tier = z.infer<typeof tierSchema>;

export const tiersSchema = z.array(tierSchema);

export interface Ladder {
  readonly id: string;
  /** In force from this moment (ms) until the next version. */
  readonly effectiveFrom: number;
  /** Ascending threshold. */
  readonly tiers: readonly Tier[];
}

export const NO_LADDER: Ladder = { id: '', effectiveFrom: 0, tiers: [] };

export const MAX_TIERS = 12;
const MULTIPLIER_MAX_DECIMALS = 4;
const MULTIPLIER_MAX = rational(10n);

/**
 * Checks a ladder as the operator sent it: codes unique, thresholds positive and strictly
 * ascending, multipliers from 1 to 10. Returns the tiers in order.
 */
export function checkTiers(tiers: readonly Tier[]): readonly Tier[] | DomainError<'validation_failed'> {
  if (tiers.length > MAX_TIERS) return domainError('validation_failed', `At most ${MAX_TIERS} tiers.`);
  const codes = new Set<string>();
  let previous = 0;
  for (const [index, tier] of tiers.entries()) {
    if (codes.has(tier.code))
      return domainError('validation_failed', `tiers[${index}]: the code "${tier.code}" is used twice.`);
    codes.add(tier.code);
    if (tier.threshold <= previous) {
      return domainError(
        'validation_failed',
        `tiers[${index}]: thresholds must be positive and ascending (${tier.threshold} after ${previous}).`,
      );
    }
    previous = tier.threshold;
    const multiplier = tier.benefits.earnMultiplier?.multiplier;
    if (multiplier !== undefined) {
      const parsed = parseDecimal(multiplier, { maxDecimals: MULTIPLIER_MAX_DECIMALS });
      if (
        isDecimalError(parsed) ||
        compare(parsed, rational(1n)) < 0 ||
        compare(parsed, MULTIPLIER_MAX) > 0
      ) {
        return domainError(
          'validation_failed',
          `tiers[${index}].benefits.earnMultiplier.multiplier must be a decimal from 1 to 10 with at most ${MULTIPLIER_MAX_DECIMALS} decimals.`,
        );
      }
    }
  }
  return tiers;
}

/** The bonus part of a tier's earn multiplier (0.25 for 1.25x), or null when the tier gives none. */
export function bonusRate(tier: Tier | null): Rational | null {
  const multiplier = tier?.benefits.earnMultiplier?.multiplier;
  if (multiplier === undefined) return null;
  const parsed = parseDecimal(multiplier);
  if (isDecimalError(parsed)) throw new RangeError(`tier ${tier?.code}: unreadable multiplier ${multiplier}`);
  return rational(parsed.numerator - parsed.denominator, parsed.denominator);
}

/** The ladder in force at `atMs`: the newest version published at or before it. */
export function ladderAt(ladders: readonly Ladder[], atMs: number): Ladder {
  let found = NO_LADDER;
  for (const ladder of ladders)
    if (ladder.effectiveFrom <= atMs && ladder.effectiveFrom >= found.effectiveFrom) found = ladder;
  return found;
}

/** The highest tier whose threshold the credits reach, or null below the lowest. */
export function tierFor(ladder: Ladder, credits: number): Tier | null {
  let found: Tier | null = null;
  for (const tier of ladder.tiers) if (credits >= tier.threshold) found = tier;
  return found;
}

/**
 * A tier's place in a ladder: 0 for the lowest, -1 for no tier. A tier that a later version no
 * longer has takes the place of the highest tier whose threshold it reached.
 */
export function rankIn(ladder: Ladder, tier: Pick<Tier, 'code' | 'threshold'> | null): number {
  if (tier === null) return -1;
  const exact = ladder.tiers.findIndex((each) => each.code === tier.code);
  if (exact >= 0) return exact;
  let rank = -1;
  for (const [index, each] of ladder.tiers.entries()) if (each.threshold <= tier.threshold) rank = index;
  return rank;
}

export function tierAtRank(ladder: Ladder, rank: number): Tier | null {
  return rank < 0 ? null : (ladder.tiers[Math.min(rank, ladder.tiers.length - 1)] ?? null);
}

/** The lowest tier whose threshold is above the credits: the next one to reach. */
export function nextTierAbove(ladder: Ladder, credits: number): Tier | null {
  return ladder.tiers.find((tier) => tier.threshold > credits) ?? null;
}

/**
 * The tier a member's window is working towards: the lowest above its credits that is not below the
 * tier they hold. A Gold member early in a new window works towards keeping Gold, not towards Silver.
 */
export function tierToAimFor(ladder: Ladder, credits: number, held: Tier | null): Tier | null {
  const floor = rankIn(ladder, held);
  return ladder.tiers.find((tier, rank) => tier.threshold > credits && rank >= floor) ?? null;
}

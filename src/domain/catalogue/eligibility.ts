import * as z from 'zod';

/**
 * Who may see and reserve a catalogue item, as data: each dimension given narrows the audience
 * (a member must match every one), and within a dimension any listed value matches. An empty rule
 * is everyone. Evaluated in one place, `isEligible`, from the facts of one member.
 */
export const eligibilitySchema = z
  .object({
    /** Status tiers (by their code) whose members may reserve. */
    tiers: z.array(z.string().min(1).max(40)).min(1).max(20).optional(),
    /** ISO 3166-1 alpha-2 countries of the members who may reserve. */
    countries: z
      .array(z.string().regex(/^[A-Z]{2}$/))
      .min(1)
      .max(50)
      .optional(),
    /** Members of these pools (households, friends) may reserve. */
    poolIds: z.array(z.string().min(1).max(64)).min(1).max(50).optional(),
    /** Only these members may reserve (a personal experience). */
    memberIds: z.array(z.string().min(1).max(64)).min(1).max(200).optional(),
  })
  .strict();

export type Eligibility = z.infer<typeof eligibilitySchema>;

/** What eligibility is decided on, for one member. */
export interface MemberFacts {
  readonly memberId: string;
  /** The member's status tier now (its code); null while the member has none. */
  readonly tier: string | null;
  /** The member's country; null when it is not known. */
  readonly country: string | null;
  /** The pools the member is in now. */
  readonly poolIds: readonly string[];
}

export function isEligible(rule: Eligibility, facts: MemberFacts): boolean {
  if (rule.tiers !== undefined && (facts.tier === null || !rule.tiers.includes(facts.tier))) return false;
  if (rule.countries !== undefined && (facts.country === null || !rule.countries.includes(facts.country)))
    return false;
  if (rule.poolIds !== undefined && !rule.poolIds.some((poolId) => facts.poolIds.includes(poolId)))
    return false;
  if (rule.memberIds !== undefined && !rule.memberIds.includes(facts.memberId)) return false;
  return true;
}

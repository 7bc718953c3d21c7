import { memberHome } from '../db/catalogue.js';
import { poolsOfMember } from '../db/pools.js';
import type { LedgerContext } from '../dependencies.js';
import type { MemberFacts } from '../domain/catalogue/eligibility.js';

/**
 * A member's status tier. Tiers are not kept yet: every member has none, so an item restricted to
 * tiers is offered to nobody until they are. This is the one place that will read them.
 */
export async function readMemberTier(_context: LedgerContext, _memberId: string): Promise<string | null> {
  return null;
}

/**
 * What eligibility is decided on. The member's country is, until members keep a home country of
 * their own, the country of the partner that enrolled them (the same rule gives a gift card its
 * currency: docs/catalogue.md).
 */
export async function memberFacts(context: LedgerContext, memberId: string): Promise<MemberFacts> {
  const home = await memberHome(context.db, memberId);
  return {
    memberId,
    tier: await readMemberTier(context, memberId),
    country: home?.country ?? null,
    poolIds: (await poolsOfMember(context.db, memberId)).map(({ pool }) => pool.id),
  };
}

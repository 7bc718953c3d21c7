import { and, eq, sql } from 'drizzle-orm';
import { memberHome } from '../db/catalogue.js';
import type { BatchStatement, Database } from '../db/database.js';
import { poolsOfMember } from '../db/pools.js';
import { memberStatus } from '../db/schema/index.js';
import type { LedgerContext } from '../dependencies.js';
import type { MemberFacts } from '../domain/catalogue/eligibility.js';
import { readMemberStatus } from '../status/views.js';
import { requireChangedRow } from '../writes/guards.js';

/**
 * What eligibility is decided on, and the version of the member's status it was read at.
 * `statusVersion` is null when the member has no status row (no tier can be held then).
 */
export interface MemberFactsRead extends MemberFacts {
  readonly statusVersion: number | null;
}

/**
 * The member's facts, read now. The tier is the member's status recomputed from their qualifying
 * credits at this moment (as `GET /v1/me/status` shows it), not the cached row, so a window that
 * ended since the last review already counts. The member's country is, until members keep a home
 * country of their own, the country of the partner that enrolled them (the same rule gives a gift
 * card its currency: docs/catalogue.md). This is the one place catalogue eligibility reads a member.
 */
export async function memberFacts(context: LedgerContext, memberId: string): Promise<MemberFactsRead> {
  const home = await memberHome(context.db, memberId);
  const status = await readMemberStatus(context, memberId);
  return {
    memberId,
    tier: status?.status.tier?.code ?? null,
    statusVersion: status?.snapshot.row?.version ?? null,
    country: home?.country ?? null,
    poolIds: (await poolsOfMember(context.db, memberId)).map(({ pool }) => pool.id),
  };
}

/**
 * Keeps a tier read and the write that relied on it consistent: the batch goes on only while the
 * member's status row is at the version the tier was computed from. Every write that adds or takes
 * back qualifying credits, grants a challenge or publishes a ladder moves the version, so one that
 * commits between the read and this batch makes the batch fail its guard and be planned again, on
 * the new tier. The statement changes nothing (it sets the version to itself), so reservations by
 * one member do not conflict with each other.
 */
export function tierReadGuard(db: Database, facts: MemberFactsRead): BatchStatement[] {
  if (facts.statusVersion === null) return [];
  return [
    db
      .update(memberStatus)
      .set({ version: sql`${memberStatus.version}` })
      .where(and(eq(memberStatus.memberId, facts.memberId), eq(memberStatus.version, facts.statusVersion))),
    requireChangedRow(db, 'status_changed'),
  ];
}

import { desc, eq, sql } from 'drizzle-orm';
import type { FxSnapshot } from '../domain/fx.js';
import type { Database } from './database.js';
import { toFxSnapshot } from './fx.js';
import { findMember } from './members.js';
import type { PartnerRow } from './partners.js';
import { preparedQuery } from './prepared.js';
import { fxSnapshots, members, partners, pointsOwed } from './schema/index.js';

/** Everything an earn is planned on, read in one statement. */
export interface EarnInputs {
  readonly memberExists: boolean;
  /** Whether the member erased their data: an erased membership takes no more points. */
  readonly memberErased: boolean;
  readonly partner: PartnerRow | undefined;
  /** The snapshot in force (as `latestFxSnapshot`). */
  readonly snapshot: FxSnapshot | undefined;
  /** Whether the member owes points; only then are the debts read. */
  readonly owes: boolean;
}

const earnInputsQuery = preparedQuery((db) => {
  const latest = db
    .select()
    .from(fxSnapshots)
    .orderBy(desc(fxSnapshots.asOf), desc(fxSnapshots.id))
    .limit(1)
    .as('latest_fx');
  return db
    .select({
      partner: partners,
      memberId: members.id,
      memberStatus: members.status,
      snapshot: {
        id: latest.id,
        referenceCurrency: latest.referenceCurrency,
        asOf: latest.asOf,
        rates: latest.rates,
        createdAt: latest.createdAt,
      },
      owes: sql<number>`EXISTS (SELECT 1 FROM ${pointsOwed} WHERE ${pointsOwed.memberId} = ${sql.placeholder('memberId')} AND ${pointsOwed.pointsRemaining} > 0)`,
    })
    .from(partners)
    .leftJoin(members, eq(members.id, sql.placeholder('memberId')))
    .leftJoin(latest, sql`1 = 1`)
    .where(eq(partners.id, sql.placeholder('partnerId')))
    .prepare();
});

/**
 * The member, the partner's terms, the FX snapshot in force and whether the member owes points,
 * in one statement instead of four: on an embedded database each statement costs more to issue
 * than to run. Like any read that prepares a write, nothing here is trusted by the batch.
 */
export async function readEarnInputs(db: Database, partnerId: string, memberId: string): Promise<EarnInputs> {
  const [row] = await earnInputsQuery(db).all({ partnerId, memberId });
  if (row === undefined) {
    // No such partner: the row is missing, so the member is looked up on its own.
    const member = await findMember(db, memberId);
    return {
      memberExists: member !== undefined,
      memberErased: member?.status === 'erased',
      partner: undefined,
      snapshot: undefined,
      owes: false,
    };
  }
  return {
    memberExists: row.memberId !== null,
    memberErased: row.memberStatus === 'erased',
    partner: row.partner,
    snapshot: row.snapshot === null ? undefined : toFxSnapshot(row.snapshot),
    owes: Boolean(row.owes),
  };
}

import { desc, eq, lt, sql } from 'drizzle-orm';
import { issuanceAccountId, redemptionAccountId } from '../domain/ledger/accounts.js';
import type { BatchStatement, Database } from './database.js';
import { preparedQuery } from './prepared.js';
import { accounts, partners } from './schema/index.js';

export type PartnerRow = typeof partners.$inferSelect;

/** A new partner with its issuance and redemption accounts, in one batch. */
export function insertPartnerStatements(db: Database, row: PartnerRow): BatchStatement[] {
  return [
    db.insert(partners).values(row),
    db.insert(accounts).values([
      { id: issuanceAccountId(row.id), kind: 'issuance', ownerId: row.id, balance: 0 },
      { id: redemptionAccountId(row.id), kind: 'redemption', ownerId: row.id, balance: 0 },
    ]),
  ];
}

const partnerQuery = preparedQuery((db) =>
  db
    .select()
    .from(partners)
    .where(eq(partners.id, sql.placeholder('partnerId')))
    .limit(1)
    .prepare(),
);

export async function findPartner(db: Database, partnerId: string): Promise<PartnerRow | undefined> {
  const [row] = await partnerQuery(db).all({ partnerId });
  return row;
}

/** Newest first, keyset-paginated by id (ids sort by creation time). */
export async function listPartners(db: Database, limit: number, beforeId?: string): Promise<PartnerRow[]> {
  return db
    .select()
    .from(partners)
    .where(beforeId === undefined ? undefined : lt(partners.id, beforeId))
    .orderBy(desc(partners.id))
    .limit(limit);
}

/** What an operator may change on a partner; absent fields stay as they are. */
export type PartnerChanges = Partial<
  Pick<
    PartnerRow,
    | 'name'
    | 'earnRate'
    | 'issuePrice'
    | 'redeemRate'
    | 'categoryMultipliers'
    | 'qualifyingCreditsPerPoint'
    | 'status'
  >
>;

/**
 * Writes only the given fields in one statement, so two operators changing different fields at
 * once both keep their change; undefined when there is no such partner.
 */
export async function updatePartner(
  db: Database,
  partnerId: string,
  changes: PartnerChanges,
  updatedAt: number,
): Promise<PartnerRow | undefined> {
  const [row] = await updatePartnerStatement(db, partnerId, changes, updatedAt);
  return row;
}

/** The same change as a statement, to go into a batch (with its audit row); it returns the changed row. */
export function updatePartnerStatement(
  db: Database,
  partnerId: string,
  changes: PartnerChanges,
  updatedAt: number,
) {
  return db
    .update(partners)
    .set({ ...changes, updatedAt })
    .where(eq(partners.id, partnerId))
    .returning();
}

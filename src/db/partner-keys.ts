import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { BatchStatement, Database } from './database.js';
import { preparedQuery } from './prepared.js';
import { partnerKeys, partners } from './schema/index.js';

export type PartnerKeyRow = typeof partnerKeys.$inferSelect;

/**
 * Registers a key. The (partner, kid) primary key refuses a kid the partner already has, removed
 * or not, so a retired kid can never come back naming different key material.
 */
export function insertPartnerKeyStatement(db: Database, row: PartnerKeyRow): BatchStatement {
  return db.insert(partnerKeys).values(row);
}

export async function findPartnerKeyRow(
  db: Database,
  partnerId: string,
  kid: string,
): Promise<PartnerKeyRow | undefined> {
  const [row] = await db
    .select()
    .from(partnerKeys)
    .where(and(eq(partnerKeys.partnerId, partnerId), eq(partnerKeys.kid, kid)))
    .limit(1);
  return row;
}

/** Every key the partner ever registered, removed ones included, oldest first. */
export async function listPartnerKeys(db: Database, partnerId: string): Promise<PartnerKeyRow[]> {
  return db
    .select()
    .from(partnerKeys)
    .where(eq(partnerKeys.partnerId, partnerId))
    .orderBy(asc(partnerKeys.createdAt), asc(partnerKeys.kid));
}

/**
 * Marks a live key removed in one conditional statement, so two concurrent removals cannot both
 * succeed; undefined when there is no such live key. The token verifier only trusts live keys.
 */
export async function removePartnerKey(
  db: Database,
  partnerId: string,
  kid: string,
  removedAt: number,
): Promise<PartnerKeyRow | undefined> {
  const [row] = await removePartnerKeyStatement(db, partnerId, kid, removedAt);
  return row;
}

/** The same removal as a statement, to go into a batch (with its audit row); it returns the removed key. */
export function removePartnerKeyStatement(db: Database, partnerId: string, kid: string, removedAt: number) {
  return db
    .update(partnerKeys)
    .set({ removedAt })
    .where(and(eq(partnerKeys.partnerId, partnerId), eq(partnerKeys.kid, kid), isNull(partnerKeys.removedAt)))
    .returning();
}

const liveKeyQuery = preparedQuery((db) =>
  db
    .select({ algorithm: partnerKeys.algorithm, publicJwk: partnerKeys.publicJwk, status: partners.status })
    .from(partnerKeys)
    .innerJoin(partners, eq(partners.id, partnerKeys.partnerId))
    .where(
      and(
        eq(partnerKeys.partnerId, sql.placeholder('partnerId')),
        eq(partnerKeys.kid, sql.placeholder('kid')),
        isNull(partnerKeys.removedAt),
      ),
    )
    .limit(1)
    .prepare(),
);

/** A key that is not removed, with its partner's status: what every partner token is checked against. */
export async function findLivePartnerKey(
  db: Database,
  partnerId: string,
  kid: string,
): Promise<{ algorithm: string; publicJwk: string; status: string } | undefined> {
  const [row] = await liveKeyQuery(db).all({ partnerId, kid });
  return row;
}

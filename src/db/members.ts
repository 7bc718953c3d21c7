import { eq, sql } from 'drizzle-orm';
import { walletAccountId } from '../domain/ledger/accounts.js';
import type { BatchStatement, Database } from './database.js';
import { preparedQuery } from './prepared.js';
import { accounts, members } from './schema/index.js';

export type MemberRow = typeof members.$inferSelect;

const memberQuery = preparedQuery((db) =>
  db
    .select()
    .from(members)
    .where(eq(members.id, sql.placeholder('memberId')))
    .limit(1)
    .prepare(),
);

export async function findMember(db: Database, memberId: string): Promise<MemberRow | undefined> {
  const [row] = await memberQuery(db).all({ memberId });
  return row;
}

export async function findMemberByExternalReference(
  db: Database,
  externalReference: string,
): Promise<MemberRow | undefined> {
  const [row] = await db
    .select()
    .from(members)
    .where(eq(members.externalReference, externalReference))
    .limit(1);
  return row;
}

/** A member and its wallet, in one batch. */
export function insertMemberStatements(db: Database, row: MemberRow): BatchStatement[] {
  return [
    db.insert(members).values(row),
    db.insert(accounts).values({ id: walletAccountId(row.id), kind: 'wallet', ownerId: row.id, balance: 0 }),
  ];
}

import { eq, sql } from 'drizzle-orm';
import type { BatchStatement, Database } from './database.js';
import { requireChangedRow } from './guards.js';
import { memberLinks } from './schema/index.js';

export type MemberLinkRow = typeof memberLinks.$inferSelect;

export async function findLink(db: Database, externalReference: string): Promise<MemberLinkRow | undefined> {
  const [row] = await db
    .select()
    .from(memberLinks)
    .where(eq(memberLinks.externalReference, externalReference))
    .limit(1);
  return row;
}

/**
 * Links a partner's card number to a member, unless a member holds it from enrolment (checked in
 * the batch; the primary key refuses a second link of the same reference).
 */
export function insertLinkStatements(db: Database, row: MemberLinkRow): BatchStatement[] {
  return [
    db.run(sql`INSERT INTO member_links (external_reference, partner_id, member_id, linked_at)
      SELECT ${row.externalReference}, ${row.partnerId}, ${row.memberId}, ${row.linkedAt}
      WHERE NOT EXISTS (SELECT 1 FROM members WHERE external_reference = ${row.externalReference})`),
    requireChangedRow(db, 'external_reference_taken'),
  ];
}

/** Refuses the batch when a partner linked the reference meanwhile (an enrolment naming it). */
export function requireReferenceNotLinked(db: Database, externalReference: string): BatchStatement {
  return db.run(sql`INSERT INTO write_conflicts (reason) SELECT 'external_reference_taken'
    WHERE EXISTS (SELECT 1 FROM member_links WHERE external_reference = ${externalReference})`);
}

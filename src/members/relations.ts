import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { memberLinks, members } from '../db/schema/index.js';

/**
 * Whether a partner serves a member: it enrolled them, or linked its card to them. Such a partner
 * may issue them a recovery claim code.
 */
export async function partnerServesMember(
  db: Database,
  partnerId: string,
  memberId: string,
): Promise<boolean> {
  const [row] = await db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.id, memberId), eq(members.enrolledByPartnerId, partnerId)))
    .limit(1);
  if (row !== undefined) return true;
  const [link] = await db
    .select({ memberId: memberLinks.memberId })
    .from(memberLinks)
    .where(and(eq(memberLinks.memberId, memberId), eq(memberLinks.partnerId, partnerId)))
    .limit(1);
  return link !== undefined;
}

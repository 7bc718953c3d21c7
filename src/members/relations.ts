import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { members } from '../db/schema/index.js';

/**
 * Whether a partner serves a member: it enrolled them. Such a partner may issue them a recovery
 * claim code.
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
  return row !== undefined;
}

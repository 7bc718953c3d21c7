import { and, eq, gt, isNull } from 'drizzle-orm';
import type { BatchStatement, Database } from './database.js';
import { requireChangedRow } from './guards.js';
import { payCodes } from './schema/index.js';

export type PayCodeRow = typeof payCodes.$inferSelect;

export async function findPayCode(db: Database, codeHash: string): Promise<PayCodeRow | undefined> {
  const [row] = await db.select().from(payCodes).where(eq(payCodes.codeHash, codeHash)).limit(1);
  return row;
}

/**
 * Uses the code once: for a redemption (its transaction), or to link a partner's card (none). A
 * second use, concurrent or later, finds it used (or past its end) and aborts its batch, which is
 * then planned again and refused.
 */
export function usePayCodeStatements(
  db: Database,
  use: { id: string; transactionId: string | null; nowMs: number },
): BatchStatement[] {
  return [
    db
      .update(payCodes)
      .set({ usedAt: use.nowMs, transactionId: use.transactionId })
      .where(and(eq(payCodes.id, use.id), isNull(payCodes.usedAt), gt(payCodes.expiresAt, use.nowMs))),
    requireChangedRow(db, 'pay_code_used'),
  ];
}

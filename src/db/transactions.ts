import { and, eq } from 'drizzle-orm';
import type { BatchStatement, Database } from './database.js';
import { preparedInsert } from './prepared-write.js';
import { transactions, transfers } from './schema/index.js';

export type TransactionRow = typeof transactions.$inferSelect;
export type NewTransactionRow = typeof transactions.$inferInsert;

const insertTransaction = preparedInsert(transactions);

export function insertTransactionStatement(db: Database, row: NewTransactionRow): BatchStatement {
  return insertTransaction(db, row);
}

export async function findTransaction(
  db: Database,
  transactionId: string,
): Promise<TransactionRow | undefined> {
  const [row] = await db.select().from(transactions).where(eq(transactions.id, transactionId)).limit(1);
  return row;
}

/** A transaction of this partner; another partner's is reported as not found, never as forbidden. */
export async function findPartnerTransaction(
  db: Database,
  partnerId: string,
  transactionId: string,
): Promise<TransactionRow | undefined> {
  const [row] = await db
    .select()
    .from(transactions)
    .where(and(eq(transactions.id, transactionId), eq(transactions.partnerId, partnerId)))
    .limit(1);
  return row;
}

/** The transfer that credited the points of an earn (or of its capture). */
export async function findCreditTransfer(
  db: Database,
  transactionId: string,
): Promise<{ id: string } | undefined> {
  const [row] = await db
    .select({ id: transfers.id })
    .from(transfers)
    .where(and(eq(transfers.transactionId, transactionId), eq(transfers.kind, 'earn')))
    .limit(1);
  return row;
}

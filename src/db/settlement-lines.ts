import { and, asc, eq, gt, lte } from 'drizzle-orm';
import type { Database } from './database.js';
import { transactions, transfers } from './schema/index.js';

export interface SettlementLineRow {
  readonly sequence: number;
  readonly transferId: string;
  readonly kind: string;
  readonly points: number;
  readonly partnerId: string | null;
  readonly createdAt: number;
  readonly unitPrice: string | null;
  /** Null when the transaction is not the settled partner's own (a debt repaid from another partner's earn). */
  readonly transactionId: string | null;
  readonly externalReference: string | null;
  readonly idempotencyKey: string | null;
}

/**
 * A page of the transfers of a period (from, to] after the sequence `after`, of one partner (by
 * the partner/sequence index) or of all. Each carries the partner's own reference and
 * Idempotency-Key from its transaction, and never another partner's.
 */
export async function readSettlementLines(
  db: Database,
  query: { partnerId?: string | undefined; from: number; to: number; after: number; limit: number },
): Promise<SettlementLineRow[]> {
  return db
    .select({
      sequence: transfers.sequence,
      transferId: transfers.id,
      kind: transfers.kind,
      points: transfers.points,
      partnerId: transfers.partnerId,
      createdAt: transfers.createdAt,
      unitPrice: transfers.unitPrice,
      transactionId: transactions.id,
      externalReference: transactions.externalReference,
      idempotencyKey: transactions.idempotencyKey,
    })
    .from(transfers)
    .leftJoin(
      transactions,
      and(eq(transactions.id, transfers.transactionId), eq(transactions.partnerId, transfers.partnerId)),
    )
    .where(
      and(
        query.partnerId === undefined ? undefined : eq(transfers.partnerId, query.partnerId),
        gt(transfers.sequence, Math.max(query.from, query.after)),
        lte(transfers.sequence, query.to),
      ),
    )
    .orderBy(asc(transfers.sequence))
    .limit(query.limit);
}

import type { Database } from '../db/database.js';
import {
  type ExportPosition,
  type PartnerTransactionFilter,
  partnerTransactionsInOrder,
} from '../db/transaction-search.js';
import type { TransactionRow } from '../db/transactions.js';
import { type CsvValue, csvRows } from '../domain/csv.js';
import { transactionView } from './transaction-view.js';

/** The columns of a partner's transaction export; money as decimal strings beside its currency. */
export const TRANSACTION_CSV_COLUMNS = [
  'transaction_id',
  'created_at',
  'kind',
  'status',
  'member_id',
  'external_reference',
  'idempotency_key',
  'amount',
  'currency',
  'points',
  'points_reversed',
  'amount_reversed',
  'value',
  'value_currency',
  'hold_expires_at',
  'amount_captured',
  'points_captured',
  'fx_snapshot_id',
  'fx_rate',
  'earn_rate',
  'original_transaction_id',
  'resolved_at',
] as const;

/** How many rows an export reads at a time. */
export const EXPORT_PAGE_ROWS = 500;

export function transactionCsvRow(row: TransactionRow): CsvValue[] {
  const view = transactionView(row);
  return [
    view.id,
    view.createdAt,
    view.kind,
    view.status,
    view.memberId,
    view.externalReference,
    row.idempotencyKey,
    view.amount?.amount ?? null,
    view.amount?.currency ?? null,
    view.points,
    view.pointsReversed,
    view.amountReversed?.amount ?? null,
    view.value?.amount ?? null,
    view.value?.currency ?? null,
    view.hold?.expiresAt ?? null,
    view.hold?.amountCaptured?.amount ?? null,
    view.hold?.pointsCaptured ?? null,
    view.fx?.snapshotId ?? null,
    view.fx?.rate ?? null,
    view.earnRate,
    view.originalTransactionId,
    view.resolvedAt,
  ];
}

/**
 * The partner's transactions matching the filter as CSV, oldest first, with a header row: read
 * and sent a page at a time, so that an export of any length holds one page in memory.
 */
export function transactionCsvStream(
  db: Database,
  filter: PartnerTransactionFilter,
  pageRows: number = EXPORT_PAGE_ROWS,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: ExportPosition | undefined;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvRows([TRANSACTION_CSV_COLUMNS])));
        return;
      }
      const rows = await partnerTransactionsInOrder(db, filter, { limit: pageRows, after });
      if (rows.length > 0) controller.enqueue(encoder.encode(csvRows(rows.map(transactionCsvRow))));
      const last = rows.at(-1);
      if (rows.length < pageRows || last === undefined) controller.close();
      else after = { createdAt: last.createdAt, id: last.id };
    },
  });
}

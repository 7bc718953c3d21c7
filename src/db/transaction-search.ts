import { and, asc, desc, eq, exists, gt, gte, lt, or, type SQL } from 'drizzle-orm';
import type { TransactionKind } from '../domain/ledger/kinds.js';
import type { Database } from './database.js';
import type { MemberRow } from './members.js';
import { members, transactions } from './schema/index.js';
import type { TransactionRow } from './transactions.js';

export type TransactionStatus = TransactionRow['status'];

/**
 * What a partner asks for among its own transactions. The partner is always part of the filter:
 * every other condition narrows the partner's own transactions, so no filter, and no cursor,
 * can reach another partner's.
 */
export interface PartnerTransactionFilter {
  readonly partnerId: string;
  readonly memberId?: string | undefined;
  readonly kind?: TransactionKind | undefined;
  readonly status?: TransactionStatus | undefined;
  /** Created at or after (epoch ms). */
  readonly createdFromMs?: number | undefined;
  /** Created before (epoch ms). */
  readonly createdToMs?: number | undefined;
  readonly externalReference?: string | undefined;
}

function conditions(filter: PartnerTransactionFilter): SQL[] {
  const found: (SQL | undefined)[] = [
    eq(transactions.partnerId, filter.partnerId),
    filter.memberId === undefined ? undefined : eq(transactions.memberId, filter.memberId),
    filter.kind === undefined ? undefined : eq(transactions.kind, filter.kind),
    filter.status === undefined ? undefined : eq(transactions.status, filter.status),
    filter.createdFromMs === undefined ? undefined : gte(transactions.createdAt, filter.createdFromMs),
    filter.createdToMs === undefined ? undefined : lt(transactions.createdAt, filter.createdToMs),
    filter.externalReference === undefined
      ? undefined
      : eq(transactions.externalReference, filter.externalReference),
  ];
  return found.filter((condition): condition is SQL => condition !== undefined);
}

/** The partner's transactions matching the filter, newest first, keyset-paginated by id. */
export async function listPartnerTransactions(
  db: Database,
  filter: PartnerTransactionFilter,
  page: { readonly limit: number; readonly beforeId?: string | undefined },
): Promise<TransactionRow[]> {
  const before = page.beforeId === undefined ? undefined : lt(transactions.id, page.beforeId);
  return db
    .select()
    .from(transactions)
    .where(and(...conditions(filter), before))
    .orderBy(desc(transactions.id))
    .limit(page.limit);
}

/** Where an export in creation order stopped: the last row it wrote. */
export interface ExportPosition {
  readonly createdAt: number;
  readonly id: string;
}

/** The partner's transactions matching the filter, oldest first, from just after `after`. */
export async function partnerTransactionsInOrder(
  db: Database,
  filter: PartnerTransactionFilter,
  page: { readonly limit: number; readonly after?: ExportPosition | undefined },
): Promise<TransactionRow[]> {
  const { after } = page;
  const next =
    after === undefined
      ? undefined
      : or(
          gt(transactions.createdAt, after.createdAt),
          and(eq(transactions.createdAt, after.createdAt), gt(transactions.id, after.id)),
        );
  return db
    .select()
    .from(transactions)
    .where(and(...conditions(filter), next))
    .orderBy(asc(transactions.createdAt), asc(transactions.id))
    .limit(page.limit);
}

/**
 * The member holding this external reference, if the partner enrolled them or served them (has a
 * transaction of its own with them); otherwise none, so that a partner learns nothing of another
 * partner's members, not even that a reference is taken.
 */
export async function findPartnerMemberByExternalReference(
  db: Database,
  partnerId: string,
  externalReference: string,
): Promise<MemberRow | undefined> {
  const served = db
    .select({ id: transactions.id })
    .from(transactions)
    .where(and(eq(transactions.partnerId, partnerId), eq(transactions.memberId, members.id)));
  const [row] = await db
    .select()
    .from(members)
    .where(
      and(
        eq(members.externalReference, externalReference),
        or(eq(members.enrolledByPartnerId, partnerId), exists(served)),
      ),
    )
    .limit(1);
  return row;
}

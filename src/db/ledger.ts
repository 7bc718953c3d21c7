import { and, asc, eq, gt, inArray, type SQL, sql } from 'drizzle-orm';
import { walletOwner } from '../domain/ledger/accounts.js';
import type { Debt, DebtRepayment } from '../domain/ledger/debts.js';
import { type PriceBasis, TRANSFER_KINDS, type TransferKind } from '../domain/ledger/kinds.js';
import type { LotBalance, LotDraw } from '../domain/ledger/lots.js';
import type { BatchStatement, Database } from './database.js';
import { preparedQuery } from './prepared.js';
import { type InsertExpressions, preparedInsert, preparedWrite } from './prepared-write.js';
import { lotDraws, lots, partners, pointsOwed, transfers } from './schema/index.js';

export type LotRow = typeof lots.$inferInsert;

/** A transfer to post: its price comes from its kind in the registry, never from the caller, but for `fixed` and `point_value`. */
export interface TransferInsert {
  readonly id: string;
  readonly transactionId: string;
  readonly kind: TransferKind;
  readonly debitAccountId: string;
  readonly creditAccountId: string;
  readonly points: number;
  /** The partner the transfer is settled with; null for the network's own. */
  readonly partnerId: string | null;
  readonly reversesTransferId?: string | null | undefined;
  /** The unit price of a `fixed` or `point_value` kind, in reference currency per point. */
  readonly unitPrice?: string | undefined;
  readonly createdAt: number;
}

/**
 * Posts a transfer; the `transfers_apply` trigger moves the balances in the same statement. The
 * unit price settlement will multiply is decided here, inside the batch: the settled partner's
 * terms as they are when the batch commits, or the price of the transfer it reverses, so a price
 * change racing the write can never price it at terms it was not posted under. The statement is
 * rendered once per handle and price basis (`preparedInsert`); the price stays a subquery of it.
 */
export function transferStatement(db: Database, transfer: TransferInsert): BatchStatement {
  const { unitPrice, ...row } = transfer;
  const price = priceOf(transfer.kind, transfer, unitPrice);
  if (typeof price === 'string' || price === null) return insertTransfer(db, { ...row, unitPrice: price });
  return insertTransfer(db, row, price);
}

const insertTransfer = preparedInsert(transfers);

function termsOf(basis: PriceBasis): SQL {
  const column = basis === 'redeem_rate' ? partners.redeemRate : partners.issuePrice;
  return sql`(SELECT ${column} FROM ${partners} WHERE ${partners.id} = ${sql.placeholder('pricePartnerId')})`;
}

/** The unit price: a value given, none, or read in the batch from the terms it is priced at. */
function priceOf(
  kind: TransferKind,
  transfer: TransferInsert,
  given: string | undefined,
): InsertExpressions | string | null {
  const entry: { price: PriceBasis; reverses?: TransferKind } = TRANSFER_KINDS[kind];
  switch (entry.price) {
    case 'issue_price':
    case 'redeem_rate':
      return {
        shape: entry.price,
        columns: { unitPrice: termsOf(entry.price) },
        values: { pricePartnerId: transfer.partnerId },
      };
    case 'reversed': {
      const original = TRANSFER_KINDS[entry.reverses ?? kind].price;
      return {
        shape: `reversed:${original}`,
        columns: {
          unitPrice: sql`COALESCE((SELECT o.unit_price FROM ${transfers} o WHERE o.id = ${sql.placeholder('pricedLikeTransferId')}), ${termsOf(original)})`,
        },
        values: {
          pricedLikeTransferId: transfer.reversesTransferId ?? null,
          pricePartnerId: transfer.partnerId,
        },
      };
    }
    case 'point_value':
    case 'fixed':
      if (given === undefined) throw new TypeError(`a ${kind} transfer needs its unit price`);
      return given;
    case 'none':
      return null;
  }
}

const insertLot = preparedInsert(lots);

export function createLotStatement(db: Database, lot: LotRow): BatchStatement {
  return insertLot(db, lot);
}

/** Takes points out of a lot (or puts them back, negative); its CHECK refuses a lot overdrawn. */
const drawLot = preparedWrite<{ lotId: string; points: number }>((db) =>
  db
    .update(lots)
    .set({ pointsRemaining: sql`${lots.pointsRemaining} - ${sql.placeholder('points')}` })
    .where(eq(lots.id, sql.placeholder('lotId')))
    .prepare(),
);

const insertLotDraw = preparedInsert(lotDraws);

/**
 * Takes the drawn points out of their lots and records the provenance of the debit. A lot that
 * another write emptied in the meantime fails its CHECK and aborts the batch.
 */
export function drawLotStatements(
  db: Database,
  transferId: string,
  draws: readonly LotDraw[],
): BatchStatement[] {
  if (draws.length === 0) return [];
  return [
    ...draws.map((draw) => drawLot(db, { lotId: draw.lotId, points: draw.points })),
    ...insertLotDraws(db, transferId, draws),
  ];
}

/**
 * D1 binds at most 100 parameters per statement, so provenance rows go in chunks of 20
 * (4 parameters each), all in the same batch.
 */
const LOT_DRAWS_PER_STATEMENT = 20;

function insertLotDraws(db: Database, transferId: string, draws: readonly LotDraw[]): BatchStatement[] {
  const statements: BatchStatement[] = [];
  for (let start = 0; start < draws.length; start += LOT_DRAWS_PER_STATEMENT) {
    const chunk = draws.slice(start, start + LOT_DRAWS_PER_STATEMENT);
    const [only] = chunk;
    if (chunk.length === 1 && only !== undefined) {
      // Most draws take one lot: that statement is rendered once.
      const { lotId, issuerPartnerId, points } = only;
      statements.push(insertLotDraw(db, { transferId, lotId, issuerPartnerId, points }));
      continue;
    }
    statements.push(
      db.insert(lotDraws).values(
        chunk.map((draw) => ({
          transferId,
          lotId: draw.lotId,
          issuerPartnerId: draw.issuerPartnerId,
          points: draw.points,
        })),
      ),
    );
  }
  return statements;
}

/**
 * Records which lots a transfer's points came from without moving them: a capture of points that a
 * hold already drew, so the flows show who issued what the fulfiller received.
 */
export function lotProvenanceStatements(
  db: Database,
  transferId: string,
  draws: readonly LotDraw[],
): BatchStatement[] {
  return insertLotDraws(db, transferId, draws);
}

/** Puts points back into lots (a reversed redemption), recorded as draws of the crediting transfer. */
export function restoreLotStatements(
  db: Database,
  transferId: string,
  restores: readonly LotDraw[],
): BatchStatement[] {
  if (restores.length === 0) return [];
  return [
    ...restores.map((restore) => drawLot(db, { lotId: restore.lotId, points: -restore.points })),
    ...insertLotDraws(db, transferId, restores),
  ];
}

export function repayDebtStatements(db: Database, repayments: readonly DebtRepayment[]): BatchStatement[] {
  return repayments.map((repayment) =>
    db
      .update(pointsOwed)
      .set({ pointsRemaining: sql`${pointsOwed.pointsRemaining} - ${repayment.points}` })
      .where(eq(pointsOwed.id, repayment.debtId)),
  );
}

export interface StoredLot extends LotBalance {
  readonly transactionId: string;
}

const memberLotsQuery = preparedQuery((db) =>
  db
    .select({
      id: lots.id,
      issuerPartnerId: lots.issuerPartnerId,
      pointsRemaining: lots.pointsRemaining,
      expiresAt: lots.expiresAt,
      transactionId: lots.transactionId,
    })
    .from(lots)
    .where(and(eq(lots.memberId, sql.placeholder('memberId')), gt(lots.pointsRemaining, 0)))
    .orderBy(asc(lots.expiresAt), asc(lots.id))
    .prepare(),
);

/** A member's lots that still hold points, first-expiring-first. */
export async function readMemberLots(db: Database, memberId: string): Promise<StoredLot[]> {
  return memberLotsQuery(db).all({ memberId });
}

const memberDebtsQuery = preparedQuery((db) =>
  db
    .select({
      id: pointsOwed.id,
      creditorPartnerId: pointsOwed.creditorPartnerId,
      pointsRemaining: pointsOwed.pointsRemaining,
      refundedTransferId: sql<
        string | null
      >`(SELECT t.id FROM transactions r JOIN transfers t ON t.transaction_id = r.original_transaction_id AND t.kind = 'earn' WHERE r.id = ${pointsOwed.transactionId} LIMIT 1)`,
    })
    .from(pointsOwed)
    .where(and(eq(pointsOwed.memberId, sql.placeholder('memberId')), gt(pointsOwed.pointsRemaining, 0)))
    .orderBy(asc(pointsOwed.createdAt), asc(pointsOwed.id))
    .prepare(),
);

/** A member's unpaid debts, oldest first. */
export async function readMemberDebts(db: Database, memberId: string): Promise<Debt[]> {
  return memberDebtsQuery(db).all({ memberId });
}

export interface TransferDraws {
  readonly transferId: string;
  /** Who holds the drawn lots now: the wallet debited, or the membership it was merged into. */
  readonly memberId: string;
  readonly draws: (LotDraw & { readonly expiresAt: number })[];
}

/**
 * The lots each redeem transfer of a transaction drew from, less what earlier returns of that
 * redemption already put back.
 */
export async function readReturnableDraws(db: Database, transactionId: string): Promise<TransferDraws[]> {
  const originals = await db
    .select({ id: transfers.id, debitAccountId: transfers.debitAccountId })
    .from(transfers)
    .where(and(eq(transfers.transactionId, transactionId), eq(transfers.kind, 'redeem')))
    .orderBy(asc(transfers.sequence));
  if (originals.length === 0) return [];
  const ids = originals.map((transfer) => transfer.id);
  const drawn = await db
    .select({
      transferId: lotDraws.transferId,
      lotId: lotDraws.lotId,
      issuerPartnerId: lotDraws.issuerPartnerId,
      points: lotDraws.points,
      expiresAt: lots.expiresAt,
      holderMemberId: lots.memberId,
    })
    .from(lotDraws)
    .innerJoin(lots, eq(lots.id, lotDraws.lotId))
    .where(inArray(lotDraws.transferId, ids));
  const returned = await db
    .select({
      reversesTransferId: transfers.reversesTransferId,
      lotId: lotDraws.lotId,
      points: lotDraws.points,
    })
    .from(lotDraws)
    .innerJoin(transfers, eq(transfers.id, lotDraws.transferId))
    .where(inArray(transfers.reversesTransferId, ids));
  const returnedByKey = new Map<string, number>();
  for (const row of returned) {
    const key = `${row.reversesTransferId}:${row.lotId}`;
    returnedByKey.set(key, (returnedByKey.get(key) ?? 0) + row.points);
  }
  return originals.map((transfer) => {
    const own = drawn.filter((draw) => draw.transferId === transfer.id);
    return {
      transferId: transfer.id,
      // A merge moves every lot of a wallet together: the lots of one debit have one holder.
      memberId: own[0]?.holderMemberId ?? walletOwner(transfer.debitAccountId),
      draws: own
        .map(({ holderMemberId: _holder, ...draw }) => ({
          ...draw,
          points: draw.points - (returnedByKey.get(`${transfer.id}:${draw.lotId}`) ?? 0),
        }))
        .filter((draw) => draw.points > 0),
    };
  });
}

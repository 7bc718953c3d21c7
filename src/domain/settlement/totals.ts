/**
 * Running totals as the triggers keep them, and the period between two closes as their
 * difference. A period never reads a transfer: it is `totals at this close - totals at the last`.
 */

/** The settled party of transfers without a partner (the expiry sweep, network-funded credits). */
export { NETWORK_PARTY } from '../ledger/kinds.js';

/** Transfers of one kind settled with one party at one unit price. */
export interface KindTotal {
  readonly partnerId: string;
  readonly kind: string;
  /** '' for kinds without a price. */
  readonly unitPrice: string;
  readonly points: bigint;
  readonly transfers: bigint;
  /** The signed effect on member wallets. */
  readonly walletPoints: bigint;
}

/** Points issued by `issuerPartnerId` that transfers of `kind` with `counterpartyId` drew or put back. */
export interface FlowTotal {
  readonly issuerPartnerId: string;
  readonly counterpartyId: string;
  readonly kind: string;
  readonly points: bigint;
  readonly draws: bigint;
}

export interface Totals {
  readonly kinds: readonly KindTotal[];
  readonly flows: readonly FlowTotal[];
}

export const NO_TOTALS: Totals = { kinds: [], flows: [] };

const kindKey = (row: KindTotal) => JSON.stringify([row.partnerId, row.kind, row.unitPrice]);
const flowKey = (row: FlowTotal) => JSON.stringify([row.issuerPartnerId, row.counterpartyId, row.kind]);

/** `current - previous`, key by key; keys with nothing in the period are dropped. Sorted by key. */
export function periodTotals(current: Totals, previous: Totals): Totals {
  const earlierKinds = new Map(previous.kinds.map((row) => [kindKey(row), row]));
  const earlierFlows = new Map(previous.flows.map((row) => [flowKey(row), row]));
  const kinds = current.kinds
    .map((row) => {
      const earlier = earlierKinds.get(kindKey(row));
      return earlier === undefined
        ? row
        : {
            ...row,
            points: row.points - earlier.points,
            transfers: row.transfers - earlier.transfers,
            walletPoints: row.walletPoints - earlier.walletPoints,
          };
    })
    .filter((row) => row.transfers !== 0n);
  const flows = current.flows
    .map((row) => {
      const earlier = earlierFlows.get(flowKey(row));
      return earlier === undefined
        ? row
        : { ...row, points: row.points - earlier.points, draws: row.draws - earlier.draws };
    })
    .filter((row) => row.draws !== 0n);
  for (const row of [...kinds, ...flows]) {
    if (row.points < 0n) throw new RangeError('running totals went down between two closes');
  }
  return { kinds: sortedBy(kinds, kindKey), flows: sortedBy(flows, flowKey) };
}

/** Orders strings by UTF-16 code unit, the same everywhere (unlike localeCompare), so documents are reproducible. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedBy<T>(rows: readonly T[], key: (row: T) => string): T[] {
  return [...rows].sort((a, b) => byCodeUnit(key(a), key(b)));
}

/** Totals as stored on a settlement: integers as decimal strings, so no precision is ever lost. */
export function serializeTotals(totals: Totals): string {
  return JSON.stringify({
    kinds: totals.kinds.map((row) => [
      row.partnerId,
      row.kind,
      row.unitPrice,
      String(row.points),
      String(row.transfers),
      String(row.walletPoints),
    ]),
    flows: totals.flows.map((row) => [
      row.issuerPartnerId,
      row.counterpartyId,
      row.kind,
      String(row.points),
      String(row.draws),
    ]),
  });
}

export function parseTotals(text: string): Totals {
  const parsed = JSON.parse(text) as { kinds: string[][]; flows: string[][] };
  return {
    kinds: parsed.kinds.map(
      ([partnerId = '', kind = '', unitPrice = '', points = '0', transfers = '0', walletPoints = '0']) => ({
        partnerId,
        kind,
        unitPrice,
        points: BigInt(points),
        transfers: BigInt(transfers),
        walletPoints: BigInt(walletPoints),
      }),
    ),
    flows: parsed.flows.map(
      ([issuerPartnerId = '', counterpartyId = '', kind = '', points = '0', draws = '0']) => ({
        issuerPartnerId,
        counterpartyId,
        kind,
        points: BigInt(points),
        draws: BigInt(draws),
      }),
    ),
  };
}

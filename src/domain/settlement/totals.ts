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

/**
 * Money the network pays a partner that is not points: what coalition gift cards bought at it
 * (`gift_card_spend`) and what it refunded onto cards (`gift_card_refund`), in the card's currency.
 */
export interface MoneyTotal {
  readonly partnerId: string;
  readonly kind: string;
  readonly currency: string;
  readonly amountMinor: bigint;
  readonly movements: bigint;
}

export interface Totals {
  readonly kinds: readonly KindTotal[];
  readonly flows: readonly FlowTotal[];
  /** Absent in totals stored before gift cards: read as none. */
  readonly money?: readonly MoneyTotal[];
}

export const NO_TOTALS: Totals = { kinds: [], flows: [] };

const kindKey = (row: KindTotal) => JSON.stringify([row.partnerId, row.kind, row.unitPrice]);
const flowKey = (row: FlowTotal) => JSON.stringify([row.issuerPartnerId, row.counterpartyId, row.kind]);
const moneyKey = (row: MoneyTotal) => JSON.stringify([row.partnerId, row.kind, row.currency]);

/** `current - previous` of the money totals; keys with nothing in the period are dropped. */
function periodMoney(current: Totals, previous: Totals): MoneyTotal[] {
  const earlier = new Map((previous.money ?? []).map((row) => [moneyKey(row), row]));
  const money = (current.money ?? [])
    .map((row) => {
      const before = earlier.get(moneyKey(row));
      return before === undefined
        ? row
        : {
            ...row,
            amountMinor: row.amountMinor - before.amountMinor,
            movements: row.movements - before.movements,
          };
    })
    .filter((row) => row.movements !== 0n);
  if (money.some((row) => row.amountMinor < 0n))
    throw new RangeError('money totals went down between two closes');
  return sortedBy(money, moneyKey);
}

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
  const money = periodMoney(current, previous);
  return {
    kinds: sortedBy(kinds, kindKey),
    flows: sortedBy(flows, flowKey),
    ...(money.length > 0 ? { money } : {}),
  };
}

/** Whether gift card money moved between two readings of the totals. */
export function moneyMoved(current: Totals, previous: Totals): boolean {
  return periodMoney(current, previous).length > 0;
}

/** Orders strings by UTF-16 code unit, the same everywhere (unlike localeCompare), so documents are reproducible. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedBy<T>(rows: readonly T[], key: (row: T) => string): T[] {
  return [...rows].sort((a, b) => byCodeUnit(key(a), key(b)));
}

/**
 * Totals as stored on a settlement: integers as decimal strings, so no precision is ever lost. The
 * money totals are written only when there are some, so totals without gift cards keep their bytes.
 */
export function serializeTotals(totals: Totals): string {
  const money = (totals.money ?? []).map((row) => [
    row.partnerId,
    row.kind,
    row.currency,
    String(row.amountMinor),
    String(row.movements),
  ]);
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
    ...(money.length > 0 ? { money } : {}),
  });
}

export function parseTotals(text: string): Totals {
  const parsed = JSON.parse(text) as { kinds: string[][]; flows: string[][]; money?: string[][] };
  const money = (parsed.money ?? []).map(
    ([partnerId = '', kind = '', currency = '', amountMinor = '0', movements = '0']): MoneyTotal => ({
      partnerId,
      kind,
      currency,
      amountMinor: BigInt(amountMinor),
      movements: BigInt(movements),
    }),
  );
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
    ...(money.length > 0 ? { money } : {}),
  };
}

import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { currencyExponent } from '../../src/domain/currencies.js';
import { parseDecimal } from '../../src/domain/decimal.js';
import {
  add,
  multiply,
  type Rational,
  rational,
  roundHalfEven,
  subtract,
} from '../../src/domain/rational.js';
import type { TestApp } from '../support/harness.js';

/**
 * Settlement recomputed the slow, obvious way: straight from the transfers and lot_draws of the
 * period, priced from a log of terms the test itself keeps, never from the running totals.
 */

export interface TermsChange {
  readonly partnerId: string;
  /** The newest sequence when the terms took effect; they price transfers above it. */
  readonly fromSequence: number;
  readonly issuePrice: string;
  readonly redeemRate: string;
}

interface TransferRow {
  sequence: number;
  id: string;
  kind: string;
  partner_id: string | null;
  points: number;
  reverses_transfer_id: string | null;
}

const decimal = (text: string) => parseDecimal(text, { allowNegative: true }) as Rational;
const SIGNS: Record<string, { measure: 'fee' | 'reimbursement'; sign: bigint }> = {
  earn: { measure: 'fee', sign: 1n },
  earn_reversal: { measure: 'fee', sign: -1n },
  debt_repayment: { measure: 'fee', sign: -1n },
  redeem: { measure: 'reimbursement', sign: 1n },
  redeem_reversal: { measure: 'reimbursement', sign: -1n },
};

function minor(value: Rational, currency: string): bigint {
  return roundHalfEven(multiply(value, rational(10n ** BigInt(currencyExponent(currency) ?? 2))));
}

function asMinor(amount: string, currency: string): bigint {
  return roundHalfEven(multiply(decimal(amount), rational(10n ** BigInt(currencyExponent(currency) ?? 2))));
}

export async function transfersUpTo(app: TestApp, to: number): Promise<TransferRow[]> {
  return (await app.deps.db.all(
    sql`SELECT sequence, id, kind, partner_id, points, reverses_transfer_id FROM transfers WHERE sequence <= ${to} ORDER BY sequence`,
  )) as TransferRow[];
}

/** Checks one settlement's statements, flows and breakage against the ledger tables. */
export async function expectMatchesLedger(
  app: TestApp,
  view: any,
  terms: readonly TermsChange[],
  adjustments: ReadonlyMap<string, Rational>,
) {
  const document = view.settlement;
  const { fromSequence, toSequence } = document.period;
  const all = await transfersUpTo(app, toSequence);
  const sequenceOf = new Map(all.map((row) => [row.id, row.sequence]));
  const inPeriod = all.filter((row) => row.sequence > fromSequence);
  const priceOf = (row: TransferRow) => {
    const at =
      row.reverses_transfer_id === null
        ? row.sequence
        : (sequenceOf.get(row.reverses_transfer_id) ?? row.sequence);
    const change = terms
      .filter((entry) => entry.partnerId === row.partner_id && entry.fromSequence < at)
      .at(-1);
    if (change === undefined) throw new Error(`no terms for ${row.partner_id} at ${at}`);
    return row.kind.startsWith('redeem') ? change.redeemRate : change.issuePrice;
  };
  // Every transfer of the period is in exactly one statement line (or is the network's expiry).
  const counted = view.statements.reduce(
    (total: number, row: any) => total + row.statement.points.transfers,
    0,
  );
  expect(counted + inPeriod.filter((row) => row.partner_id === null).length).toBe(inPeriod.length);
  expect(document.totals.period.transfers).toBe(inPeriod.length);

  let marginExact = rational(0n);
  for (const { partnerId, statement } of view.statements) {
    const rows = inPeriod.filter((row) => row.partner_id === partnerId);
    const groups = new Map<string, { kind: string; unitPrice: string; points: number; transfers: number }>();
    for (const row of rows) {
      const key = `${row.kind}|${priceOf(row)}`;
      const group = groups.get(key) ?? { kind: row.kind, unitPrice: priceOf(row), points: 0, transfers: 0 };
      group.points += row.points;
      group.transfers += 1;
      groups.set(key, group);
    }
    const sortKey = (line: { kind: string; unitPrice: string }) => `${line.kind}|${line.unitPrice}`;
    const lines = statement.lines.map(({ kind, unitPrice, points, transfers }: any) => ({
      kind,
      unitPrice,
      points,
      transfers,
    }));
    expect(lines.sort((a: any, b: any) => sortKey(a).localeCompare(sortKey(b)))).toEqual(
      [...groups.values()].sort((a, b) => sortKey(a).localeCompare(sortKey(b))),
    );

    let fee = rational(0n);
    let reimbursement = rational(0n);
    for (const row of rows) {
      const rule = SIGNS[row.kind];
      if (rule === undefined) continue;
      const amount = multiply(rational(rule.sign * BigInt(row.points)), decimal(priceOf(row)));
      if (rule.measure === 'fee') fee = add(fee, amount);
      else reimbursement = add(reimbursement, amount);
    }
    const adjustment = adjustments.get(partnerId) ?? rational(0n);
    const currency = statement.partner.settlementCurrency;
    const rate =
      currency === document.referenceCurrency ? rational(1n) : decimal(document.fx.rates[currency]);
    for (const [breakdown, code, factor] of [
      [statement.reference, document.referenceCurrency, rational(1n)],
      [statement.settlement, currency, rate],
    ] as const) {
      const expected =
        minor(multiply(fee, factor), code) -
        minor(multiply(reimbursement, factor), code) +
        minor(multiply(adjustment, factor), code);
      expect(asMinor(breakdown.net.amount, code), `${partnerId} net in ${code}`).toBe(expected);
      const exact = multiply(add(subtract(fee, reimbursement), adjustment), factor);
      expect(subtract(decimal(breakdown.netExact), exact)).toEqual(rational(0n));
      expect(
        subtract(decimal(breakdown.roundingResidue), subtract(decimal(breakdown.net.amount), exact)),
      ).toEqual(rational(0n));
    }
    marginExact = add(marginExact, add(subtract(fee, reimbursement), adjustment));
  }

  // Nets plus the network's own net are 0; the margin differs from the nets by the residue shown.
  const { netting } = document;
  const sumOfNets = view.statements.reduce(
    (total: bigint, row: any) =>
      total + asMinor(row.statement.reference.net.amount, document.referenceCurrency),
    0n,
  );
  expect(asMinor(netting.sumOfNets.amount, document.referenceCurrency)).toBe(sumOfNets);
  expect(asMinor(netting.networkNet.amount, document.referenceCurrency) + sumOfNets).toBe(0n);
  expect(subtract(decimal(netting.marginExact), marginExact)).toEqual(rational(0n));
  expect(
    subtract(
      add(decimal(netting.marginExact), decimal(netting.roundingResidue)),
      decimal(netting.sumOfNets.amount),
    ),
  ).toEqual(rational(0n));

  // Flows and breakage from lot provenance.
  const draws = (await app.deps.db.all(sql`
    SELECT d.issuer_partner_id AS issuer, t.partner_id AS partner, t.kind AS kind, SUM(d.points) AS points
    FROM lot_draws d JOIN transfers t ON t.id = d.transfer_id
    WHERE t.sequence > ${fromSequence} AND t.sequence <= ${toSequence}
    GROUP BY 1, 2, 3`)) as { issuer: string; partner: string | null; kind: string; points: number }[];
  const pairs = new Map<
    string,
    { issuerPartnerId: string; redeemerPartnerId: string; pointsRedeemed: number; pointsReturned: number }
  >();
  for (const draw of draws.filter((row) => row.kind === 'redeem' || row.kind === 'redeem_reversal')) {
    const key = `${draw.issuer}|${draw.partner}`;
    const pair = pairs.get(key) ?? {
      issuerPartnerId: draw.issuer,
      redeemerPartnerId: draw.partner ?? '',
      pointsRedeemed: 0,
      pointsReturned: 0,
    };
    if (draw.kind === 'redeem') pair.pointsRedeemed += draw.points;
    else pair.pointsReturned += draw.points;
    pairs.set(key, pair);
  }
  const flows = document.flows.map(
    ({ issuerPartnerId, redeemerPartnerId, pointsRedeemed, pointsReturned }: any) => ({
      issuerPartnerId,
      redeemerPartnerId,
      pointsRedeemed,
      pointsReturned,
    }),
  );
  const byPair = (a: any, b: any) =>
    `${a.issuerPartnerId}|${a.redeemerPartnerId}`.localeCompare(
      `${b.issuerPartnerId}|${b.redeemerPartnerId}`,
    );
  expect(flows.sort(byPair)).toEqual([...pairs.values()].sort(byPair));
  const breakage = Object.fromEntries(
    draws.filter((row) => row.kind === 'expiry').map((row) => [row.issuer, row.points]),
  );
  expect(Object.fromEntries(document.breakage.map((row: any) => [row.issuerPartnerId, row.points]))).toEqual(
    breakage,
  );
}

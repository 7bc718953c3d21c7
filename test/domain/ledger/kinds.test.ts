import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ledgerKindRows } from '../../../src/db/ledger-kinds.js';
import { ledgerKinds } from '../../../src/db/schema/index.js';
import {
  accountKinds,
  NETTED_POINTS,
  TRANSFER_KINDS,
  transactionKinds,
  transferKind,
  transferKinds,
} from '../../../src/domain/ledger/kinds.js';
import { transactionDetailsSchema } from '../../../src/domain/ledger/transaction-details.js';
import {
  buildSettlementDocument,
  buildStatements,
  pointTotals,
} from '../../../src/domain/settlement/settlement.js';
import type { SettlementInput } from '../../../src/domain/settlement/statement.js';
import type { KindTotal } from '../../../src/domain/settlement/totals.js';
import { TestApp } from '../../support/harness.js';

/**
 * The registry of kinds (src/domain/ledger/kinds.ts) is the one list. These tests change nothing
 * by hand: each reads a place that must follow the registry and fails when it drifts.
 */
let app: TestApp;
beforeAll(async () => {
  app = await TestApp.create();
});
afterAll(async () => {
  await app.close();
});

const key = (row: { scope: string; kind: string }) => `${row.scope}:${row.kind}`;
const refusal = (statement: ReturnType<typeof sql>) =>
  app.deps.db.run(statement).then(
    () => 'accepted',
    (error: { cause?: { message?: string } }) => error.cause?.message ?? String(error),
  );

describe('the database follows the registry', () => {
  test('ledger_kinds, as the migrations leave it, is exactly the registry (else: npm run db:kinds)', async () => {
    const stored = await app.deps.db.select().from(ledgerKinds);
    expect(stored.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      ledgerKindRows().sort((a, b) => key(a).localeCompare(key(b))),
    );
  });

  test("the accounts CHECK lists exactly the registry's account kinds", async () => {
    const [table] = (await app.deps.db.all(
      sql`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'accounts'`,
    )) as { sql: string }[];
    const listed = /"kind" IN \(([^)]*)\)/.exec(table?.sql ?? '')?.[1] ?? '';
    expect(listed.split(',').map((kind) => kind.trim().replaceAll("'", ''))).toEqual(accountKinds);
  });

  test('a transaction or transfer of a kind the registry does not know is refused', async () => {
    expect(
      await refusal(sql`INSERT INTO transactions (id, member_id, kind, status, points, details, created_at)
        VALUES ('txn_x', 'mem_x', 'bonus', 'posted', 1, '{"kind":"bonus"}', 0)`),
    ).toMatch(/a transaction of an unknown kind/);
    expect(
      await refusal(sql`INSERT INTO transfers (id, transaction_id, kind, debit_account_id, credit_account_id, points, created_at)
        VALUES ('trf_x', 'txn_x', 'bonus', 'network:promotions', 'network:breakage', 1, 0)`),
    ).toMatch(/a transfer of an unknown kind/);
  });

  test('a transfer between accounts its kind does not join is refused', async () => {
    // Goodwill comes from the promotions budget; never from breakage.
    expect(
      await refusal(sql`INSERT INTO transfers (id, transaction_id, kind, debit_account_id, credit_account_id, points, unit_price, created_at)
        VALUES ('trf_y', 'txn_y', 'goodwill', 'network:breakage', 'network:promotions', 1, '0.01', 0)`),
    ).toMatch(/between accounts its kind does not join/);
  });

  test('a priced kind without its price is refused', async () => {
    await app.deps.db.run(
      sql`INSERT INTO accounts (id, kind, owner_id) VALUES ('wallet:mem_z', 'wallet', 'mem_z')`,
    );
    expect(
      await refusal(sql`INSERT INTO transfers (id, transaction_id, kind, debit_account_id, credit_account_id, points, created_at)
        VALUES ('trf_z', 'txn_z', 'goodwill', 'network:promotions', 'wallet:mem_z', 1, 0)`),
    ).toMatch(/no terms to price it/);
  });
});

describe('the registry agrees with itself', () => {
  test('a kind reversed by another is the kind that other says it reverses, and prices it', () => {
    for (const kind of transferKinds) {
      const entry: { reversedBy?: string; reverses?: string; price: string } = TRANSFER_KINDS[kind];
      if (entry.reversedBy !== undefined) {
        const reversal: { reverses?: string; price: string } =
          TRANSFER_KINDS[entry.reversedBy as keyof typeof TRANSFER_KINDS];
        expect({ kind, reverses: reversal.reverses, price: reversal.price }).toEqual({
          kind,
          reverses: kind,
          price: 'reversed',
        });
      }
      if (entry.price === 'reversed') expect(entry.reverses, kind).toBeDefined();
    }
  });
});

describe('the API follows the registry', () => {
  test("the OpenAPI enums of transaction kinds are the registry's", async () => {
    const document = (await app.request('GET', '/openapi.json')).body;
    expect(document.components.schemas.Transaction.properties.kind.enum).toEqual(transactionKinds);
    expect(document.components.schemas.ActivityEntry.properties.kind.enum).toEqual(transactionKinds);
  });

  test('every transaction kind has its details shape, and no other', () => {
    const literals = transactionDetailsSchema.options.map((option) => option.shape.kind.value);
    expect([...literals].sort()).toEqual([...transactionKinds].sort());
  });
});

describe('settlement follows the registry', () => {
  const partner = { id: 'ptn_a', name: 'A', settlementCurrency: 'EUR' };
  const row = (kind: string, partnerId: string): KindTotal => ({
    partnerId,
    kind,
    unitPrice: TRANSFER_KINDS[kind as keyof typeof TRANSFER_KINDS].price === 'none' ? '' : '0.01',
    points: 10n,
    transfers: 1n,
    walletPoints: 0n,
  });
  // Each kind settled with the party the registry says: a partner for its side, the network otherwise.
  const kinds = transferKinds.map((kind) => {
    const side = TRANSFER_KINDS[kind].settlement.side;
    return row(kind, side === 'issuance' || side === 'redemption' ? partner.id : 'network');
  });
  const input: SettlementInput = {
    issuer: 'tessera',
    settlementId: 'stl_a',
    number: 1,
    period: {
      previousSettlementId: null,
      fromSequence: 0,
      toSequence: kinds.length,
      closedAt: '2026-11-27T00:00:00.000Z',
    },
    referenceCurrency: 'EUR',
    pointValue: '0.01',
    fx: { snapshotId: 'fx_a', asOf: '2026-11-27T00:00:00.000Z', rates: {} },
    partners: [partner],
    periodTotals: { kinds, flows: [] },
    cumulativeTotals: { kinds, flows: [] },
    adjustments: [],
  };

  test('every kind of the registry has a place in the settlement document: none is unclassified', () => {
    const statements = buildStatements(input);
    const document = buildSettlementDocument(input, statements, new Map());
    expect(document.unclassified).toEqual([]);
    expect(statements[0]?.document.unclassified).toEqual([]);
  });

  test('every kind counts towards the point figure the registry names, and every figure is counted', () => {
    const totals = pointTotals({ kinds, flows: [] });
    for (const kind of transferKinds)
      expect(totals[TRANSFER_KINDS[kind].settlement.points]).toBeGreaterThan(0);
    const { transfers, outstandingLiability, heldForReservations, ...figures } = totals;
    expect(transfers).toBe(kinds.length);
    // Points held for reservations are still owed: a hold in, three ways out (capture twice, release).
    const held = transferKinds.reduce((total, kind) => total + Number(transferKind(kind)?.held ?? 0n), 0);
    expect(heldForReservations).toBe(10 * held);
    expect(outstandingLiability).toBe(10 * held);
    // Each kind adds its 10 points to its figure; the netted figure takes a reversal's off.
    const counted = transferKinds.reduce((total, kind) => {
      const { points, sign } = TRANSFER_KINDS[kind].settlement;
      return total + (points === NETTED_POINTS ? Number(sign) : 1) * 10;
    }, 0);
    expect(Object.values(figures).reduce((total, value) => total + value, 0)).toBe(counted);
  });
});

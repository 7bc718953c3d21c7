import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { canonicalJson } from '../../src/domain/settlement/canonical-json.js';
import { buildSettlementDocument, buildStatements } from '../../src/domain/settlement/settlement.js';
import type { SettlementInput } from '../../src/domain/settlement/statement.js';
import { NO_TOTALS, parseTotals, periodTotals } from '../../src/domain/settlement/totals.js';
import { newKey, partnerClient, publishRates } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import { closed } from './support.js';

let app: TestApp;
beforeAll(async () => {
  app = await TestApp.create();
  await publishRates(app);
  const hotel = await partnerClient(app, { settlementCurrency: 'USD' });
  const shop = await partnerClient(app, { name: 'Shop', settlementCurrency: 'CZK' });
  const memberId = await hotel.enrol();
  await hotel.earn({ memberId, amount: { amount: '999.99', currency: 'USD' } });
  await shop.redeem({ memberId, points: 77 });
  const first = await closed(app);
  const lines = await app.request('GET', `/v1/settlements/${first.settlement.settlementId}/lines`, {
    token: await shop.token(),
  });
  const dispute = await app.request('POST', `/v1/settlements/${first.settlement.settlementId}/disputes`, {
    token: await shop.token(),
    idempotencyKey: newKey('dispute'),
    body: { transferIds: [lines.body.data[0].transferId], reason: 'Short paid' },
  });
  await app.request(
    'POST',
    `/v1/settlements/${first.settlement.settlementId}/disputes/${dispute.body.id}/resolution`,
    {
      token: await app.operatorToken(),
      body: {
        decision: 'accept',
        note: 'Top-up',
        adjustment: { direction: 'credit', amount: { amount: '0.33', currency: 'EUR' } },
      },
    },
  );
  await hotel.earn({ memberId, amount: { amount: '12.34', currency: 'USD' } });
  await closed(app);
  // Renaming a partner later changes nothing in a closed statement.
  await app.request('PATCH', `/v1/partners/${shop.partner.id}`, {
    token: await app.operatorToken(),
    body: { name: 'Shop (renamed)' },
  });
});
afterAll(async () => {
  await app.close();
});

test('every stored statement and settlement document is reproduced, byte for byte, from the stored running totals', async () => {
  const settlements = (await app.deps.db.all(
    sql`SELECT id, cumulative, document FROM settlements ORDER BY number`,
  )) as { id: string; cumulative: string; document: string }[];
  expect(settlements).toHaveLength(2);
  for (const [position, row] of settlements.entries()) {
    const document = JSON.parse(row.document);
    const stored = (await app.deps.db.all(
      sql`SELECT partner_id, document FROM settlement_statements WHERE settlement_id = ${row.id} ORDER BY partner_id`,
    )) as { partner_id: string; document: string }[];
    const statements = stored.map((statement) => JSON.parse(statement.document));
    const previous = position === 0 ? NO_TOTALS : parseTotals(settlements[position - 1]!.cumulative);
    const input: SettlementInput = {
      issuer: document.issuer,
      settlementId: document.settlementId,
      number: document.number,
      period: document.period,
      referenceCurrency: document.referenceCurrency,
      pointValue: document.pointValue,
      fx: document.fx,
      partners: statements.map((statement) => statement.partner),
      periodTotals: periodTotals(parseTotals(row.cumulative), previous),
      cumulativeTotals: parseTotals(row.cumulative),
      adjustments: statements.flatMap((statement) =>
        statement.adjustments.map(
          (adjustment: {
            id: string;
            disputeId: string;
            direction: 'credit' | 'debit';
            amountExact: string;
            points: number | null;
            note: string;
          }) => ({
            ...adjustment,
            partnerId: statement.partner.id,
            amountReference: adjustment.amountExact.replace(/^-/, ''),
          }),
        ),
      ),
    };
    const rebuilt = buildStatements(input);
    expect(rebuilt.map((statement) => canonicalJson(statement.document))).toEqual(
      stored.map((statement) => statement.document),
    );
    const digests = new Map(
      document.statements.map((entry: { partnerId: string; digest: string }) => [
        entry.partnerId,
        entry.digest,
      ]),
    );
    expect(canonicalJson(buildSettlementDocument(input, rebuilt, digests as Map<string, string>))).toBe(
      row.document,
    );
  }
});

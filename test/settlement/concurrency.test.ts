import { sql } from 'drizzle-orm';
import { afterEach, expect, test } from 'vitest';
import { buildNodeDependencies, type NodeDependencies } from '../../src/node-dependencies.js';
import { closePeriod } from '../../src/settlement/close.js';
import { partnerClient, publishRates } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';

let app: TestApp;
const others: NodeDependencies[] = [];
afterEach(async () => {
  for (const deps of others.splice(0)) deps.client.close();
  await app.close();
});

test('closes racing from several connections create one settlement per range, and the ranges tile the ledger', async () => {
  app = await TestApp.create();
  await publishRates(app);
  const hotel = await partnerClient(app);
  const memberId = await hotel.enrol();
  for (let connection = 0; connection < 3; connection += 1)
    others.push(await buildNodeDependencies(app.config, app.clock.now));
  const everyone = [app.deps, ...others];

  for (let round = 0; round < 3; round += 1) {
    await hotel.earn({ memberId, amount: { amount: '108.50', currency: 'USD' } });
    const outcomes = await Promise.all(
      everyone.flatMap((deps) => [closePeriod(deps, {}), closePeriod(deps, {})]),
    );
    const created = outcomes.filter((outcome) => 'status' in outcome && outcome.status === 201);
    expect(created).toHaveLength(1);
    const ids = new Set(
      outcomes.map((outcome) => ('settlement' in outcome ? outcome.settlement.id : outcome.code)),
    );
    expect(ids.size).toBe(1);
  }
  const settlements = (await app.deps.db.all(
    sql`SELECT number, from_sequence, to_sequence FROM settlements ORDER BY number`,
  )) as { number: number; from_sequence: number; to_sequence: number }[];
  expect(settlements).toEqual([
    { number: 1, from_sequence: 0, to_sequence: 1 },
    { number: 2, from_sequence: 1, to_sequence: 2 },
    { number: 3, from_sequence: 2, to_sequence: 3 },
  ]);
});

test('the database itself refuses a settlement that does not start where the previous one ended', async () => {
  app = await TestApp.create();
  await publishRates(app);
  const hotel = await partnerClient(app);
  await hotel.earn({ memberId: await hotel.enrol(), amount: { amount: '108.50', currency: 'USD' } });
  const first = await closePeriod(app.deps, {});
  expect('settlement' in first && first.status).toBe(201);
  const insert = (number: number, from: number, previous: string | null) =>
    app.deps.db.run(sql`INSERT INTO settlements (id, number, previous_settlement_id, from_sequence, to_sequence, fx_snapshot_id, closed_at, cumulative, document, signature)
      VALUES (${`stl_forged_${number}_${from}`}, ${number}, ${previous}, ${from}, 5, 'fx', 0, '{}', '{}', 'x')`);
  const previousId = 'settlement' in first ? first.settlement.id : '';
  const refusal = async (attempt: Promise<unknown>) => {
    const error = await attempt.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    const messages: string[] = [];
    for (let current = error; current instanceof Error; current = current.cause)
      messages.push(current.message);
    return messages.join(' / ');
  };
  expect(await refusal(insert(2, 0, previousId))).toMatch(/previous one ended/); // overlaps settlement 1
  expect(await refusal(insert(3, 1, previousId))).toMatch(/previous one ended/); // skips number 2
  expect(await refusal(insert(2, 1, null))).toMatch(/previous one ended/); // does not name its previous
  expect(await refusal(insert(1, 0, null))).toMatch(/UNIQUE/); // a second first settlement
});

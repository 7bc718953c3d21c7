import { sql } from 'drizzle-orm';
import { afterEach, expect, test } from 'vitest';
import { closeSelectionNow, openSelection } from '../catalogue/fixtures.js';
import { memberWithEverything, WALLET } from '../members/fixtures.js';
import { expectLedgerInvariants, publishRates } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';

const DAY_MS = 86_400_000;

let app: TestApp;
afterEach(async () => {
  await app?.close();
});

test('a member who erased their data while in a yearly choice gets exactly one outcome at the close', async () => {
  app = await TestApp.create({ environment: { WALLET_ORIGINS: WALLET } });
  const { member, token, hotel } = await memberWithEverything(app);
  const neighbour = await hotel.enrol();
  expect(
    (await hotel.earn({ memberId: neighbour, amount: { amount: '108.50', currency: 'USD' } })).status,
  ).toBe(201);
  const selection = await openSelection(app);
  const erased = await app.request('DELETE', '/v1/me', { token, body: { remainingPoints: 'forfeit' } });
  expect(erased.status, JSON.stringify(erased.body)).toBe(200);

  app.clock.advance(8 * DAY_MS);
  await publishRates(app);
  const closed = await closeSelectionNow(app, selection.id);
  expect(closed.body.status, JSON.stringify(closed.body)).toBe('closed');
  const again = await closeSelectionNow(app, selection.id);
  expect(again.status).toBeLessThan(500);

  const outcomes = await app.deps.db.all(sql`
    SELECT member_id AS memberId, outcome FROM selection_members
    WHERE selection_id = ${selection.id} ORDER BY member_id`);
  expect(outcomes).toEqual(
    [
      { memberId: member.memberId, outcome: 'nothing' },
      { memberId: neighbour, outcome: 'gift_card' },
    ].sort((a, b) => (a.memberId < b.memberId ? -1 : 1)),
  );
  const cards = await app.deps.db.all(sql`SELECT member_id AS memberId FROM gift_cards`);
  expect(cards).toEqual([{ memberId: neighbour }]);
  await expectLedgerInvariants(app);
});

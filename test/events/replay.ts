import { asc, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { events } from '../../src/db/schema/index.js';
import type { TestApp } from '../support/harness.js';

type Data = Record<string, any>;

/**
 * Replays the outbox from the beginning and checks it tells the ledger's story exactly: every
 * member's wallet, and the status of every transaction an event speaks of, are what the ledger
 * holds. An event missing, doubled or wrong shows here.
 */
export async function expectEventsReplayTheLedger(app: TestApp): Promise<void> {
  const rows = await app.deps.db.select().from(events).orderBy(asc(events.position));
  const wallets = new Map<string, number>();
  const statuses = new Map<string, string>();
  const move = (memberId: string, points: number) =>
    wallets.set(memberId, (wallets.get(memberId) ?? 0) + points);
  for (const row of rows) {
    const data = JSON.parse(row.data) as Data;
    switch (row.type) {
      case 'member.enrolled':
        move(data.memberId, 0);
        break;
      case 'transaction.earned':
        move(data.memberId, data.points - data.pointsRepaid);
        statuses.set(data.transactionId, 'posted');
        break;
      case 'transaction.held':
        statuses.set(data.transactionId, 'pending');
        break;
      case 'transaction.captured':
        move(data.memberId, data.points - data.pointsRepaid);
        statuses.set(data.transactionId, 'captured');
        break;
      case 'transaction.voided':
        statuses.set(data.transactionId, 'voided');
        break;
      case 'transaction.hold_expired':
        statuses.set(data.transactionId, 'expired');
        break;
      case 'transaction.reversed':
        move(data.memberId, -(data.points - data.pointsOwed));
        statuses.set(data.transactionId, 'posted');
        break;
      case 'transaction.redeemed':
        for (const draw of data.draws) move(draw.memberId, -draw.points);
        statuses.set(data.transactionId, 'posted');
        break;
      case 'transaction.redemption_returned':
        for (const back of data.restored) move(back.memberId, back.points);
        statuses.set(data.transactionId, 'posted');
        break;
      case 'goodwill.credited':
        move(data.memberId, data.points);
        statuses.set(data.transactionId, 'posted');
        break;
      case 'points.expired':
        move(data.memberId, -data.points);
        break;
      case 'reservation.created':
        for (const draw of data.draws) move(draw.memberId, -draw.points);
        statuses.set(data.transactionId, 'pending');
        break;
      case 'reservation.fulfilled':
        statuses.set(data.transactionId, 'captured');
        break;
      case 'reservation.cancelled':
      case 'reservation.lapsed':
        for (const back of data.restored) move(back.memberId, back.points);
        statuses.set(data.transactionId, row.type === 'reservation.cancelled' ? 'voided' : 'expired');
        break;
      case 'gift_card.issued':
        move(data.memberId, -data.points);
        statuses.set(data.transactionId, 'posted');
        break;
      case 'tier.bonus_credited':
        move(data.memberId, data.points);
        statuses.set(data.transactionId, 'posted');
        break;
      case 'tier.bonus_reversed':
        move(data.memberId, -data.points);
        statuses.set(data.transactionId, 'posted');
        break;
      case 'gratitude.gift_given':
        if (data.transactionId !== null) {
          move(data.memberId, data.points);
          statuses.set(data.transactionId, 'posted');
        }
        break;
      case 'gratitude.goal_gift_given':
        move(data.memberId, data.points);
        statuses.set(data.transactionId, 'posted');
        break;
    }
  }
  const ledgerWallets = (await app.deps.db.all(
    sql`SELECT owner_id AS memberId, balance FROM accounts WHERE kind = 'wallet' ORDER BY owner_id`,
  )) as { memberId: string; balance: number }[];
  expect(Object.fromEntries([...wallets].sort(([a], [b]) => a.localeCompare(b)))).toEqual(
    Object.fromEntries(ledgerWallets.map((row) => [row.memberId, row.balance])),
  );
  const ledgerStatuses = (await app.deps.db.all(sql`SELECT id, status FROM transactions ORDER BY id`)) as {
    id: string;
    status: string;
  }[];
  expect(Object.fromEntries([...statuses].sort(([a], [b]) => a.localeCompare(b)))).toEqual(
    Object.fromEntries(ledgerStatuses.map((row) => [row.id, row.status])),
  );
}

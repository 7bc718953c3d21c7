import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, test } from 'vitest';
import { openSelection } from '../catalogue/fixtures.js';
import { memberEvents, publishTiers } from '../status/fixtures.js';
import { newKey, type PartnerClient, partnerClient, publishRates } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';

/**
 * The network's own messages go through the same inbox as partners': invitations to a yearly
 * choice take a place in the contact cap (and are left out when it is full); notices about the
 * member's own points and tier (a gap gift) do not, and are always delivered.
 */
let app: TestApp;
afterEach(async () => {
  await app?.close();
});

async function coalition(environment: Record<string, string>) {
  app = await TestApp.create({ environment });
  await publishRates(app);
  const bistro = await partnerClient(app, { name: 'Bistro Lumière', settlementCurrency: 'EUR' });
  const memberWith = async (euros: string) => {
    const memberId = await bistro.enrol();
    const earned = await bistro.earn({ memberId, amount: { amount: euros, currency: 'EUR' } });
    expect(earned.status, JSON.stringify(earned.body)).toBe(201);
    const consent = await app.request('PUT', `/v1/me/consents/${bistro.partner.id}`, {
      token: await app.memberToken(memberId),
      body: { profile: false, tier: true, balance: true, messages: true },
    });
    expect(consent.status).toBe(200);
    return memberId;
  };
  return { bistro, memberWith };
}

const send = async (partner: PartnerClient, memberId: string) =>
  app.request('POST', '/v1/messages', {
    token: await partner.token(),
    idempotencyKey: newKey(),
    body: { memberId, topic: 'offers', title: 'Lunch menu', body: 'A new lunch menu this week.' },
  });

const inbox = async (memberId: string) =>
  (await app.request('GET', '/v1/me/inbox', { token: await app.memberToken(memberId) })).body.data as {
    sender: string;
    topic: string;
    counted: boolean;
    title: string;
  }[];

describe('invitations to a yearly choice count against the cap', () => {
  test('an invitation takes a place: the partner then fits one message less', async () => {
    const { bistro, memberWith } = await coalition({ CONTACT_CAP_WEEKLY: '2' });
    const memberId = await memberWith('100.00');
    await openSelection(app);
    expect(await inbox(memberId)).toEqual([
      expect.objectContaining({ sender: 'network', topic: 'choices', counted: true }),
    ]);
    expect((await send(bistro, memberId)).status).toBe(201);
    const refused = await send(bistro, memberId);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('contact_cap_reached');
  });

  test('a member whose cap is full is not messaged, but is invited all the same', async () => {
    const { bistro, memberWith } = await coalition({ CONTACT_CAP_WEEKLY: '1' });
    const full = await memberWith('100.00');
    const free = await memberWith('100.00');
    expect((await send(bistro, full)).status).toBe(201);
    const selection = await openSelection(app);
    expect((await inbox(full)).map((message) => message.topic)).toEqual(['offers']);
    expect((await inbox(free)).map((message) => message.topic)).toEqual(['choices']);
    const invited = await app.deps.db.all(
      sql`SELECT member_id FROM selection_members WHERE selection_id = ${selection.id} ORDER BY member_id`,
    );
    expect(invited).toHaveLength(2);
    expect(await memberEvents(app, full, 'selection.invited')).toHaveLength(1);
  });
});

describe("notices about the member's own status are outside the cap", () => {
  test('a gap gift is told in the inbox, uncounted, and partners keep their places', async () => {
    const { bistro, memberWith } = await coalition({ CONTACT_CAP_WEEKLY: '1', GAP_GIFT_AT: 'any_earn' });
    await publishTiers(app);
    // 960 credits: Silver (1,000) is 40 away, within GAP_GIFT_MAX_CREDITS, so the gift comes at once.
    const memberId = await memberWith('960.00');
    expect(await inbox(memberId)).toEqual([
      expect.objectContaining({
        sender: 'network',
        topic: 'status',
        counted: false,
        title: 'A gift from the coalition',
      }),
    ]);
    expect((await send(bistro, memberId)).status, 'the notice took no place').toBe(201);
  });
});

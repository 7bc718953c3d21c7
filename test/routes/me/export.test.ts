import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, test } from 'vitest';
import { MEMBER_DATA_SECTIONS } from '../../../src/members/data-sections.js';
import { memberWithEverything, PERSONAL, WALLET } from '../../members/fixtures.js';
import { callerMatrix, callerToken } from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';

let app: TestApp;
afterEach(async () => {
  await app?.close();
});

const start = async () => {
  app = await TestApp.create({ environment: { WALLET_ORIGINS: WALLET } });
  return memberWithEverything(app);
};

describe('GET /v1/me/export: everything Tessera holds about me', () => {
  test('every section, with my profile, card, passkey, pay code, transactions and events', async () => {
    const { member, token, cardNumber, linkedCardNumber, passkey, hotel, shop } = await start();
    const response = await app.request('GET', '/v1/me/export', { token });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const { sections } = response.body;
    expect(response.body.memberId).toBe(member.memberId);
    expect(Object.keys(sections)).toEqual(MEMBER_DATA_SECTIONS.map((section) => section.name));
    expect(sections.membership).toEqual([
      expect.objectContaining({
        id: member.memberId,
        externalReference: cardNumber,
        enrolledByPartnerId: hotel.partner.id,
        status: 'active',
      }),
    ]);
    expect(sections.profile).toEqual([expect.objectContaining(PERSONAL)]);
    expect(sections.passkeys).toEqual([expect.objectContaining({ id: passkey.id, name: 'Zdenka phone' })]);
    expect(sections.passkeys[0]).not.toHaveProperty('publicJwk');
    expect(sections.links).toEqual([
      expect.objectContaining({ partnerId: shop.partner.id, externalReference: linkedCardNumber }),
    ]);
    // One shown at the till, one the shop's link used up.
    expect(sections.payCodes).toHaveLength(2);
    expect(sections.payCodes[0]).not.toHaveProperty('codeHash');
    expect(sections.claimCodes[0]).not.toHaveProperty('codeHash');
    expect(sections.sessions).toEqual([expect.objectContaining({ id: member.sessionId, method: 'claim' })]);
    expect(sections.transactions.map((row: { kind: string }) => row.kind).sort()).toEqual(['earn', 'redeem']);
    expect(sections.transactions.find((row: { kind: string }) => row.kind === 'redeem').partnerId).toBe(
      shop.partner.id,
    );
    expect(sections.lots).toEqual([expect.objectContaining({ pointsOriginal: 1000, pointsRemaining: 800 })]);
    expect(sections.events.map((event: { type: string }) => event.type)).toEqual(
      expect.arrayContaining(['member.claimed', 'member.passkey_added', 'transaction.earned']),
    );
    expect(sections.lots[0].expiresAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const text = JSON.stringify(response.body);
    expect(text).not.toMatch(/"codeHash"|"tokenHash"|"publicJwk"/);
  });

  test('an export is recorded in the audit log, with me as the actor', async () => {
    const { member, token } = await start();
    await app.request('GET', '/v1/me/export', { token });
    const rows = await app.deps.db.all(
      sql`SELECT actor, action, target FROM audit_log WHERE action = 'member.export'`,
    );
    expect(rows).toEqual([{ actor: member.memberId, action: 'member.export', target: member.memberId }]);
    const second = await app.request('GET', '/v1/me/export', { token });
    expect(second.body.sections.accessLog).toEqual([
      expect.objectContaining({ actor: member.memberId, action: 'member.export' }),
    ]);
  });

  test('another member sees nothing of mine', async () => {
    const { member, hotel } = await start();
    const other = await hotel.enrol();
    const response = await app.request('GET', '/v1/me/export', { token: await app.memberToken(other) });
    expect(response.status).toBe(200);
    expect(JSON.stringify(response.body)).not.toContain(member.memberId);
    expect(response.body.sections.profile).toEqual([]);
  });

  test.each(callerMatrix('member'))('$caller may export: $allowed', async ({ caller, allowed, code }) => {
    const { member, hotel } = await start();
    const token = await callerToken(app, caller, { partner: hotel, memberId: member.memberId });
    const response = await app.request('GET', '/v1/me/export', { token });
    expect(response.status).toBe(allowed ? 200 : 401);
    if (!allowed) expect(response.body.code).toBe(code);
  });
});

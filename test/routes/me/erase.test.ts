import { sql } from 'drizzle-orm';
import { compactVerify, createLocalJWKSet } from 'jose';
import { afterEach, describe, expect, test } from 'vitest';
import { MESSAGE_TITLE, memberWithEverything, PERSONAL, WALLET } from '../../members/fixtures.js';
import { formPool } from '../../pools/fixtures.js';
import { databaseFingerprint } from '../../reliability/support/checks.js';
import { closed } from '../../settlement/support.js';
import { callerMatrix, callerToken, expectLedgerInvariants } from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';
import { signInWithPasskey } from '../../support/members.js';

let app: TestApp;
afterEach(async () => {
  await app?.close();
});

const start = async () => {
  app = await TestApp.create({ environment: { WALLET_ORIGINS: WALLET } });
  return memberWithEverything(app);
};

const erase = (token: string, remainingPoints: string) =>
  app.request('DELETE', '/v1/me', { token, body: { remainingPoints } });

/** Every row of every table, as text: where a personal value would show if anything kept it. */
async function everyRowOfEveryTable(): Promise<string[]> {
  const tables = (await app.deps.db.all(sql`SELECT name FROM sqlite_master WHERE type = 'table'`)) as {
    name: string;
  }[];
  const rows: string[] = [];
  for (const { name } of tables) {
    const found = (await app.deps.db.all(sql.raw(`SELECT * FROM "${name}"`))) as unknown[];
    rows.push(...found.map((row) => `${name}: ${JSON.stringify(row)}`));
  }
  return rows;
}

async function expectNothingChanges(
  attempt: () => Promise<{ status: number; body: any }>,
  status: number,
  code: string,
) {
  const before = await databaseFingerprint(app.deps.db);
  const response = await attempt();
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.code).toBe(code);
  expect(await databaseFingerprint(app.deps.db)).toEqual(before);
}

describe('DELETE /v1/me: the member erases their personal data', () => {
  test('no personal value remains in any table or column, and the ledger stays exact', async () => {
    const everything = await start();
    const { member, token, cardNumber, linkedCardNumber, phone } = everything;
    const needles = [
      PERSONAL.displayName,
      PERSONAL.email,
      PERSONAL.phone,
      cardNumber,
      linkedCardNumber,
      MESSAGE_TITLE,
      Buffer.from(phone.credentialId).toString('base64url'),
      'Zdenka phone',
    ];
    const before = (await everyRowOfEveryTable()).join('\n');
    for (const needle of needles) expect(before, `${needle} is held before`).toContain(needle);

    const response = await erase(token, 'forfeit');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({
      memberId: member.memberId,
      erasedAt: new Date(app.clock.nowMs).toISOString(),
      remainingPoints: 'forfeit',
      pointsForfeited: 800,
    });
    const after = await everyRowOfEveryTable();
    for (const needle of needles) {
      expect(
        after.filter((row) => row.includes(needle)),
        needle,
      ).toEqual([]);
    }
    await expectLedgerInvariants(app);
    const [wallet] = (await app.deps.db.all(
      sql`SELECT balance FROM accounts WHERE id = ${`wallet:${member.memberId}`}`,
    )) as { balance: number }[];
    expect(wallet?.balance).toBe(0);
    const forfeits = await app.deps.db.all(
      sql`SELECT points, credit_account_id AS credit FROM transfers WHERE kind = 'forfeiture'`,
    );
    expect(forfeits).toEqual([{ points: 800, credit: 'network:breakage' }]);
  });

  test('statements closed before are byte-identical after, their signatures verify, and the next close counts the forfeit', async () => {
    const { token, hotel } = await start();
    const first = await closed(app);
    const statements = async () => app.deps.db.all(sql`SELECT * FROM settlement_statements ORDER BY rowid`);
    const settlements = async () => app.deps.db.all(sql`SELECT * FROM settlements ORDER BY rowid`);
    const before = { statements: await statements(), settlements: await settlements() };
    const served = await app.request('GET', `/v1/settlements/${first.settlement.settlementId}`, {
      token: await hotel.token(),
    });
    expect(served.status).toBe(200);

    expect((await erase(token, 'forfeit')).status).toBe(200);

    expect({ statements: await statements(), settlements: await settlements() }).toEqual(before);
    const again = await app.request('GET', `/v1/settlements/${first.settlement.settlementId}`, {
      token: await hotel.token(),
    });
    expect(again.body).toEqual(served.body);
    const jwks = createLocalJWKSet((await app.request('GET', '/.well-known/jwks.json')).body);
    await expect(compactVerify(again.body.signature, jwks)).resolves.toBeDefined();

    const next = await closed(app);
    expect(next.settlement.totals.period.forfeited).toBe(800);
    const hotelStatement = next.statements.find(
      (statement: { partnerId: string }) => statement.partnerId === hotel.partner.id,
    ).statement;
    expect(hotelStatement.points.expired, 'breakage of the points the hotel issued').toBe(800);
    expect(hotelStatement.payment.direction).toBe('nothing_due');
    await expectLedgerInvariants(app);
  });

  test('the member can no longer sign in: access and refresh tokens, passkey and claim code all refused', async () => {
    const { member, token, phone } = await start();
    expect((await erase(token, 'forfeit')).status).toBe(200);
    for (const access of [token, await app.memberToken(member.memberId)]) {
      const response = await app.request('GET', '/v1/me', { token: access });
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('member_not_found');
      expect(response.body.detail).toMatch(/erased/);
    }
    const refreshed = await app.request('POST', '/v1/sessions/refresh', {
      body: { refreshToken: member.refreshToken },
    });
    expect(refreshed.status).toBe(401);
    const signIn = await signInWithPasskey(app, phone);
    expect(signIn.status).toBe(401);
    expect(signIn.body.code).toBe('passkey_refused');
    for (const table of ['passkeys', 'member_sessions', 'refresh_tokens', 'pay_codes', 'claim_codes']) {
      expect(await app.deps.db.all(sql.raw(`SELECT * FROM ${table}`)), table).toEqual([]);
    }
  });

  test('a second erasure is refused and changes nothing', async () => {
    const { member, token } = await start();
    expect((await erase(token, 'forfeit')).status).toBe(200);
    const minted = await app.memberToken(member.memberId);
    await expectNothingChanges(() => erase(minted, 'forfeit'), 404, 'member_not_found');
  });

  test('partners that knew the member hear of it; the operator sees the member as erased; it is audited', async () => {
    const { member, token, hotel, shop } = await start();
    expect((await erase(token, 'forfeit')).status).toBe(200);
    const recipients = await app.deps.db.all(sql`
      SELECT r.kind, r.recipient_id AS id FROM event_recipients r JOIN events e ON e.position = r.position
      WHERE e.type = 'member.erased' ORDER BY r.recipient_id`);
    expect(recipients).toEqual(
      [hotel.partner.id, shop.partner.id].sort().map((id) => ({ kind: 'partner', id })),
    );
    const feed = await app.request('GET', '/v1/events?types=member.erased', { token: await shop.token() });
    expect(feed.status, JSON.stringify(feed.body)).toBe(200);
    const support = await app.request('GET', `/v1/members/${member.memberId}`, {
      token: await app.operatorToken(),
    });
    expect(support.body).toEqual(
      expect.objectContaining({
        id: member.memberId,
        externalReference: null,
        status: 'erased',
        erasedAt: new Date(app.clock.nowMs).toISOString(),
      }),
    );
    expect(support.body.balance.available).toBe(0);
    const audit = await app.deps.db.all(
      sql`SELECT actor, target, summary FROM audit_log WHERE action = 'member.erase'`,
    );
    expect(audit).toEqual([
      {
        actor: member.memberId,
        target: member.memberId,
        summary: JSON.stringify({ remainingPoints: 'forfeit', pointsForfeited: 800 }),
      },
    ]);
  });

  test('ten erasures at once: exactly one erases, one forfeiture, one event, one audit row', async () => {
    const { token } = await start();
    const responses = await Promise.all(Array.from({ length: 10 }, () => erase(token, 'forfeit')));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    for (const response of responses.filter((found) => found.status !== 200)) {
      expect(['member_not_found', 'member_erased']).toContain(response.body.code);
    }
    const count = async (query: ReturnType<typeof sql>) =>
      ((await app.deps.db.all(query)) as { n: number }[])[0]?.n;
    expect(await count(sql`SELECT COUNT(*) AS n FROM transfers WHERE kind = 'forfeiture'`)).toBe(1);
    expect(await count(sql`SELECT COUNT(*) AS n FROM events WHERE type = 'member.erased'`)).toBe(1);
    expect(await count(sql`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'member.erase'`)).toBe(1);
    await expectLedgerInvariants(app);
  });

  test('a partner can no longer earn for an erased member or read their balance: 410, nothing changed', async () => {
    const { member, token, hotel } = await start();
    expect((await erase(token, 'forfeit')).status).toBe(200);
    await expectNothingChanges(
      () => hotel.earn({ memberId: member.memberId, amount: { amount: '10.00', currency: 'USD' } }),
      410,
      'member_erased',
    );
    const balance = await app.request('GET', `/v1/members/${member.memberId}/balance`, {
      token: await hotel.token(),
    });
    expect(balance.status).toBe(410);
    expect(balance.body.code).toBe('member_erased');
  });
});

describe('what happens to remaining points is the member’s choice', () => {
  test('"none_left" with points in the wallet is refused, with how many, and changes nothing', async () => {
    const { token } = await start();
    await expectNothingChanges(() => erase(token, 'none_left'), 409, 'erasure_points_remaining');
  });

  test('"none_left" after redeeming everything erases, forfeiting nothing', async () => {
    const { member, token, shop } = await start();
    expect((await shop.redeem({ memberId: member.memberId, points: 800 })).status).toBe(201);
    const response = await erase(token, 'none_left');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.pointsForfeited).toBe(0);
    expect(await app.deps.db.all(sql`SELECT * FROM transfers WHERE kind = 'forfeiture'`)).toEqual([]);
  });

  test.each([{}, { remainingPoints: 'donate' }, { remainingPoints: 'forfeit', extra: true }])(
    'a body without a valid choice is a 422 that changes nothing: %j',
    async (body) => {
      const { token } = await start();
      await expectNothingChanges(
        () => app.request('DELETE', '/v1/me', { token, body }),
        422,
        'validation_failed',
      );
    },
  );
});

describe('pending holds wait; pools are left', () => {
  test('a pending hold refuses erasure with nothing changed; once voided, erasure goes ahead', async () => {
    const { member, token, hotel } = await start();
    const hold = await hotel.earn({
      memberId: member.memberId,
      amount: { amount: '100.00', currency: 'USD' },
      hold: { expiresAt: new Date(app.clock.nowMs + 86_400_000).toISOString() },
    });
    expect(hold.status, JSON.stringify(hold.body)).toBe(201);
    await expectNothingChanges(() => erase(token, 'forfeit'), 409, 'erasure_pending_holds');
    expect((await hotel.void(hold.body.id)).status).toBe(200);
    expect((await erase(token, 'forfeit')).status).toBe(200);
  });
});

describe('pools: the member leaves, and a pool they own is dissolved', () => {
  test('owner of one pool, member of another: both places end, the other members are told', async () => {
    const { member, token, hotel } = await start();
    const sister = await hotel.enrol();
    const friend = await hotel.enrol();
    const owned = await formPool(app, member.memberId, [sister], {
      kind: 'friends',
      name: 'Zdenka Quistorpova and sister',
    });
    const joined = await formPool(app, friend, [member.memberId], { kind: 'household', name: 'Next door' });
    expect((await erase(token, 'forfeit')).status).toBe(200);

    const places = await app.deps.db.all(sql`
      SELECT pool_id AS poolId, member_id AS memberId, left_at IS NOT NULL AS left FROM pool_members
      ORDER BY pool_id, member_id`);
    const left = (poolId: string, memberId: string) =>
      (places as { poolId: string; memberId: string; left: number }[]).find(
        (place) => place.poolId === poolId && place.memberId === memberId,
      )?.left;
    expect(left(owned, member.memberId)).toBe(1);
    expect(left(owned, sister)).toBe(1);
    expect(left(joined, member.memberId)).toBe(1);
    expect(left(joined, friend)).toBe(0);
    const pools = await app.deps.db.all(
      sql`SELECT id, name, dissolved_at IS NOT NULL AS dissolved FROM pools ORDER BY id`,
    );
    expect(pools).toEqual(
      [
        { id: owned, name: 'Dissolved pool', dissolved: 1 },
        { id: joined, name: 'Next door', dissolved: 0 },
      ].sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
    const told = await app.deps.db.all(sql`
      SELECT e.type, r.recipient_id AS memberId FROM events e JOIN event_recipients r ON r.position = e.position
      WHERE e.type IN ('pool.dissolved', 'pool.member_left') AND r.kind = 'member' ORDER BY e.type`);
    expect(told).toEqual([
      { type: 'pool.dissolved', memberId: sister },
      { type: 'pool.member_left', memberId: friend },
    ]);
    await expectLedgerInvariants(app);
  });
});

describe('security', () => {
  test.each(callerMatrix('member'))('$caller may erase: $allowed', async ({ caller, allowed, code }) => {
    const { member, hotel } = await start();
    const token = await callerToken(app, caller, { partner: hotel, memberId: member.memberId });
    const response = await app.request('DELETE', '/v1/me', { token, body: { remainingPoints: 'forfeit' } });
    expect(response.status).toBe(allowed ? 200 : 401);
    if (!allowed) expect(response.body.code).toBe(code);
  });
});

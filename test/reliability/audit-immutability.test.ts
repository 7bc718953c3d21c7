import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { type PartnerClient, partnerClient, publishRates } from '../support/coalition.js';
import { TestApp, type TestResponse } from '../support/harness.js';
import { databaseFingerprint, expectProblem } from './support/checks.js';
import { ledgerProblems } from './support/ledger-checks.js';

/**
 * Promise 7: the database itself refuses to change or remove a transfer (whoever holds the file),
 * and every operator action is in an append-only audit log, written in the very batch of the
 * action: no action without its entry, no entry without its action, never a secret in it.
 */
let app: TestApp;
let hotel: PartnerClient;
let operator: string;
beforeEach(async () => {
  app = await TestApp.create({ environment: { RATE_LIMIT_PER_MINUTE: '0' } });
  await publishRates(app);
  hotel = await partnerClient(app, { settlementCurrency: 'EUR' });
  operator = await app.operatorToken();
});
afterEach(async () => {
  await app.close();
});

/** Runs raw SQL as anyone holding the database would, and returns why it was refused (drizzle wraps the cause). */
async function refusal(statement: ReturnType<typeof sql>): Promise<string> {
  try {
    await app.deps.db.run(statement);
    return 'accepted';
  } catch (error) {
    const messages: string[] = [];
    for (let current: unknown = error; current instanceof Error; current = current.cause)
      messages.push(current.message);
    return messages.join(' <- ');
  }
}

async function refusedBySql(statement: ReturnType<typeof sql>, message: RegExp) {
  const before = await databaseFingerprint(app.deps.db);
  expect(await refusal(statement)).toMatch(message);
  expect(await databaseFingerprint(app.deps.db)).toEqual(before);
}

describe('transfers are immutable in the database', () => {
  test.each([
    ['UPDATE', sql`UPDATE transfers SET points = points + 1000`],
    ['UPDATE of the accounts it names', sql`UPDATE transfers SET credit_account_id = 'network:promotions'`],
    ['DELETE', sql`DELETE FROM transfers`],
    [
      'INSERT OR REPLACE of an existing transfer',
      sql`INSERT OR REPLACE INTO transfers SELECT sequence, id, transaction_id, kind, debit_account_id, credit_account_id, 1, partner_id, reverses_transfer_id, created_at, unit_price FROM transfers`,
    ],
    [
      'REPLACE by id under a new sequence',
      sql`REPLACE INTO transfers (id, transaction_id, kind, debit_account_id, credit_account_id, points, created_at) SELECT id, transaction_id, kind, debit_account_id, credit_account_id, 1, created_at FROM transfers LIMIT 1`,
    ],
    [
      'an upsert that rewrites on conflict',
      sql`INSERT INTO transfers SELECT * FROM transfers LIMIT 1 ON CONFLICT (id) DO UPDATE SET points = 1`,
    ],
  ])('%s is refused and changes nothing', async (_name, statement) => {
    const memberId = await hotel.enrol();
    await hotel.earn({ memberId, amount: { amount: '80.00', currency: 'EUR' } });
    await hotel.redeem({ memberId, points: 30 });
    await refusedBySql(statement, /immutable/);
    expect(await ledgerProblems(app.deps.db)).toEqual({});
  });

  test('the audit log is append-only too', async () => {
    await app.request('PATCH', `/v1/partners/${hotel.partner.id}`, {
      token: operator,
      body: { name: 'Harbor Hotel & Spa' },
    });
    await refusedBySql(sql`UPDATE audit_log SET actor = 'someone else'`, /append-only/);
    await refusedBySql(sql`DELETE FROM audit_log`, /append-only/);
    await refusedBySql(
      sql`INSERT OR REPLACE INTO audit_log SELECT id, 'someone else', action, target, request_id, summary, created_at FROM audit_log`,
      /append-only/,
    );
  });
});

async function auditLog(token = operator, query = '') {
  return app.request('GET', `/v1/audit-log${query}`, { token });
}

describe('the audit log of operator actions', () => {
  test('every operator action is recorded, newest first, with actor, target, request id and a summary without secrets', async () => {
    const requests: { action: string; target: string; response: TestResponse }[] = [];
    const record = (action: string, target: string, response: TestResponse) => {
      expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
      requests.push({ action, target, response });
      return response;
    };
    const created = record(
      'partner.create',
      '',
      await app.request('POST', '/v1/partners', {
        token: operator,
        body: {
          name: 'Berlin Boutique',
          sector: 'retail',
          country: 'DE',
          settlementCurrency: 'EUR',
          earnRate: '1',
          issuePrice: '0.012',
          redeemRate: '0.009',
        },
      }),
    );
    const partnerId = created.body.id as string;
    (requests[0] as { target: string }).target = partnerId;
    record(
      'partner.update',
      partnerId,
      await app.request('PATCH', `/v1/partners/${partnerId}`, {
        token: operator,
        body: { issuePrice: '0.013' },
      }),
    );
    record(
      'partner.suspend',
      partnerId,
      await app.request('PATCH', `/v1/partners/${partnerId}`, {
        token: operator,
        body: { status: 'suspended' },
      }),
    );
    record(
      'partner.reactivate',
      partnerId,
      await app.request('PATCH', `/v1/partners/${partnerId}`, {
        token: operator,
        body: { status: 'active' },
      }),
    );
    const key = await app.registerPartnerKey(partnerId);
    requests.push({
      action: 'partner_key.register',
      target: partnerId,
      response: { status: 201, headers: new Headers(), body: {} },
    });
    record(
      'partner_key.remove',
      partnerId,
      await app.request('DELETE', `/v1/partners/${partnerId}/keys/${key.kid}`, { token: operator }),
    );
    const published = record(
      'fx.publish',
      '',
      await app.request('PUT', '/v1/fx-rates', { token: operator, body: { rates: { USD: '1.0850' } } }),
    );
    (requests[requests.length - 1] as { target: string }).target = published.body.id;
    const memberId = await hotel.enrol();
    const minted = record(
      'member_token.create',
      memberId,
      await app.request('POST', `/v1/members/${memberId}/tokens`, { token: operator }),
    );
    await hotel.earn({ memberId, amount: { amount: '40.00', currency: 'EUR' } });
    const closed = record(
      'settlement.close',
      '',
      await app.request('POST', '/v1/settlements', { token: operator, body: {} }),
    );
    const settlementId = closed.body.settlement.settlementId as string;
    (requests[requests.length - 1] as { target: string }).target = settlementId;
    const net = closed.body.statements.find(
      (entry: { partnerId: string }) => entry.partnerId === hotel.partner.id,
    ).statement.payment.amount;
    record(
      'settlement.payment',
      settlementId,
      await app.request('POST', `/v1/settlements/${settlementId}/payments`, {
        token: operator,
        body: { partnerId: hotel.partner.id, amount: net, reference: 'SEPA-1' },
      }),
    );
    const lines = await app.request('GET', `/v1/settlements/${settlementId}/lines`, {
      token: await hotel.token(),
    });
    const dispute = await app.request('POST', `/v1/settlements/${settlementId}/disputes`, {
      token: await hotel.token(),
      idempotencyKey: 'dispute-1',
      body: { transferIds: [lines.body.data[0].transferId], reason: 'Earned twice' },
    });
    expect(dispute.status, JSON.stringify(dispute.body)).toBe(201);
    const resolution = { decision: 'reject', reason: 'One stay, one earn' };
    record(
      'settlement.dispute_resolve',
      dispute.body.id,
      await app.request('POST', `/v1/settlements/${settlementId}/disputes/${dispute.body.id}/resolution`, {
        token: operator,
        body: resolution,
      }),
    );

    const page = await auditLog();
    expect(page.status).toBe(200);
    const entries = page.body.data as {
      id: string;
      actor: string;
      action: string;
      target: string;
      requestId: string;
      summary: Record<string, unknown>;
    }[];
    // The harness registers the partners' keys through the same operator API, before the test's own actions.
    const own = entries.slice(0, requests.length).reverse();
    expect(own.map((entry) => [entry.action, entry.target])).toEqual(
      requests.map((request) => [request.action, request.target]),
    );
    for (const [index, entry] of own.entries()) {
      expect(entry.actor).toBe('operator');
      const requestId = requests[index]?.response.headers.get('x-request-id');
      if (requestId) expect(entry.requestId).toBe(requestId);
    }
    expect(entries.map((entry) => entry.id)).toEqual([...entries.map((entry) => entry.id)].sort().reverse());
    expect(own[1]?.summary).toEqual({ changes: { issuePrice: '0.013' } });
    const text = JSON.stringify(page.body);
    expect(text).not.toContain(minted.body.token);
    expect(text).not.toMatch(/"d":|privateJwk|"token":/);
  });

  test('pages are newest first and cover the log exactly once', async () => {
    for (let index = 0; index < 5; index += 1)
      await app.request('PATCH', `/v1/partners/${hotel.partner.id}`, {
        token: operator,
        body: { name: `Harbor ${index}` },
      });
    const all = (await auditLog(operator, '?limit=200')).body.data.map((entry: { id: string }) => entry.id);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await auditLog(operator, `?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`);
      paged.push(...response.body.data.map((entry: { id: string }) => entry.id));
      cursor = response.body.nextCursor;
    } while (cursor !== null);
    expect(paged).toEqual(all);
    expect(all.length).toBeGreaterThanOrEqual(7);
    expectProblem(
      await auditLog(operator, '?cursor=ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q'),
      422,
      'validation_failed',
    );
  });

  test('refused operator actions leave no entry, and only operators read the log', async () => {
    const before = (await auditLog()).body.data.length;
    expectProblem(
      await app.request('PATCH', '/v1/partners/ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q', {
        token: operator,
        body: { name: 'Nobody' },
      }),
      404,
      'partner_not_found',
    );
    expectProblem(
      await app.request('DELETE', `/v1/partners/${hotel.partner.id}/keys/never-registered`, {
        token: operator,
      }),
      404,
      'partner_key_not_found',
    );
    const duplicate = await app.request('POST', `/v1/partners/${hotel.partner.id}/keys`, {
      token: operator,
      body: { publicJwk: hotel.key.publicJwk },
    });
    expectProblem(duplicate, 409, 'partner_key_exists');
    expectProblem(
      await app.request('POST', '/v1/members/mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q/tokens', { token: operator }),
      404,
      'member_not_found',
    );
    expect((await auditLog()).body.data.length).toBe(before);
    expectProblem(await auditLog(await hotel.token()), 401, 'invalid_token');
    expectProblem(await auditLog(await app.memberToken(await hotel.enrol())), 401, 'invalid_token');
  });

  test('an action whose audit row cannot be written does not happen either', async () => {
    await app.deps.db.run(
      sql`CREATE TRIGGER audit_log_test_failure BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is unavailable'); END`,
    );
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const before = await databaseFingerprint(app.deps.db);
    const response = await app.request('PATCH', `/v1/partners/${hotel.partner.id}`, {
      token: operator,
      body: { status: 'suspended' },
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await databaseFingerprint(app.deps.db)).toEqual(before);
    vi.restoreAllMocks();
    await app.deps.db.run(sql`DROP TRIGGER audit_log_test_failure`);
    expect(
      (await app.request('GET', `/v1/partners/${hotel.partner.id}`, { token: operator })).body.status,
    ).toBe('active');
  });
});

// @module-tag deep — thousands of generated requests: `npm run test:deep` runs it, `npm test` does not.
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { newKey, partnerClient, publishRates } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import { changedTables, DEEP, databaseFingerprint, report } from './support/checks.js';
import {
  type BaseRequest,
  exampleOf,
  type FuzzCase,
  fuzzCase,
  type Operation,
  operationsOf,
  type TokenKind,
} from './support/openapi-fuzz.js';

/**
 * Promise 4: for every operation of GET /openapi.json, its valid request and thousands of hostile
 * variants (a body field replaced by a wrong type, 2^53, -1, 0, 1.5, an unknown currency, unicode,
 * 20 000 characters; malformed or oversized JSON, 30 000-deep nesting, duplicate and __proto__
 * keys; hostile path and query parameters, headers and tokens). Never a 5xx; every 4xx is
 * application/problem+json with a code; a refused request (and every GET) writes nothing.
 *
 * Replay a failure with the seed it prints: FC_SEED=<seed> FC_PATH=<path> FUZZ_OPERATION="POST /v1/earn".
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? (DEEP ? 2000 : 60));
const replay =
  process.env.FC_SEED === undefined
    ? {}
    : { seed: Number(process.env.FC_SEED), ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}) };

let app: TestApp;
let document: {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, Record<string, unknown>> };
};
let ids: Record<string, string> = {};
const tokens: Record<TokenKind | 'garbage', string> = {
  operator: '',
  member: '',
  partner: '',
  garbage: 'abc.def.ghi',
};

/** A small coalition whose real ids the valid requests use: partners, members, earns, a hold, a pool, a settlement, a dispute. */
async function createFixture(): Promise<void> {
  app = await TestApp.create({ environment: { RATE_LIMIT_PER_MINUTE: '0' } });
  ids = { fx: (await publishRates(app)).id };
  const hotel = await partnerClient(app, { settlementCurrency: 'EUR' });
  const other = await app.onboardPartner({
    name: 'Berlin Boutique',
    country: 'DE',
    settlementCurrency: 'EUR',
  });
  ids.ptn = other.partner.id;
  ids.kid = (await app.registerPartnerKey(other.partner.id)).kid;
  ids.mem = await hotel.enrol();
  ids.friend = await hotel.enrol();
  ids.txn = (await hotel.earn({ memberId: ids.mem, amount: { amount: '500.00', currency: 'EUR' } })).body.id;
  ids.hold = (
    await hotel.earn({ memberId: ids.mem, amount: { amount: '90.00', currency: 'EUR' }, hold: {} })
  ).body.id;
  ids.redemption = (await hotel.redeem({ memberId: ids.mem, points: 40 })).body.id;
  const owner = await app.memberToken(ids.mem);
  ids.pool = (
    await app.request('POST', '/v1/pools', { token: owner, body: { kind: 'household', name: 'The Novaks' } })
  ).body.id;
  const invite = await app.request('POST', `/v1/pools/${ids.pool}/invites`, { token: owner });
  await app.request('POST', '/v1/pools/join', {
    token: await app.memberToken(ids.friend),
    body: { code: invite.body.code },
  });
  tokens.operator = await app.operatorToken();
  tokens.member = owner;
  tokens.partner = await hotel.token();
  ids.whe = (
    await app.request('POST', '/v1/webhook-endpoints', {
      token: tokens.partner,
      body: { url: 'https://hooks.example.com/tessera', eventTypes: ['transaction.earned'] },
    })
  ).body.id;
  ids.evt = (await app.request('GET', '/v1/events', { token: tokens.partner })).body.data[0].id;
  document = (await app.request('GET', '/openapi.json')).body;
  if (document.paths['/v1/settlements'] !== undefined) {
    ids.stl = (
      await app.request('POST', '/v1/settlements', { token: tokens.operator, body: {} })
    ).body.settlement.settlementId;
    const lines = await app.request('GET', `/v1/settlements/${ids.stl}/lines`, { token: tokens.partner });
    const transferId = lines.body?.data?.[0]?.transferId as string | undefined;
    const body = { transferIds: [transferId], reason: 'Earned twice' };
    const dispute = await app.request('POST', `/v1/settlements/${ids.stl}/disputes`, {
      token: tokens.partner,
      idempotencyKey: newKey('dispute'),
      body,
    });
    if (typeof dispute.body?.id === 'string') ids.dsp = dispute.body.id;
  }
  fingerprint = await databaseFingerprint(app.deps.db, COUNTED_REFUSALS);
  changes = await totalChanges();
  auditActionsBefore = await auditActionsOtherThanReads();
}

beforeAll(createFixture);
afterAll(async () => {
  await app.close();
});

/** Documented example ids become the real ids of this coalition, so valid requests reach the handlers. */
function substitute(operation: Operation) {
  return (value: unknown): unknown => {
    if (typeof value !== 'string') return value;
    const prefix = /^([a-z]+)_01JD3Z6W3RM0E2F2WB7G0K3T9Q$/.exec(value)?.[1];
    if (prefix === undefined) return value === 'harbor-2026-11' ? ids.kid : value;
    if (prefix === 'txn') return /capture|void/.test(operation.path) ? ids.hold : ids.txn;
    if (prefix === 'mem' && operation.path.startsWith('/v1/pools/{poolId}/members')) return ids.friend;
    return ids[prefix] ?? value;
  };
}

function baseRequest(operation: Operation): BaseRequest {
  const components = document.components.schemas;
  const pathItem = document.paths[operation.path]?.[operation.method.toLowerCase()] as {
    parameters?: { name: string; in: string; schema: Record<string, unknown> }[];
  };
  const pathValues: Record<string, string> = {};
  for (const parameter of pathItem.parameters?.filter((item) => item.in === 'path') ?? []) {
    pathValues[parameter.name] = String(exampleOf(parameter.schema, components, substitute(operation)));
  }
  const query: [string, string][] = operation.queryParams
    .filter(
      (parameter) => parameter.required || (operation.path === '/v1/quote' && parameter.name === 'amount'),
    )
    .map((parameter) => [
      parameter.name,
      String(exampleOf(parameter.schema, components, substitute(operation))),
    ]);
  const body =
    operation.bodySchema === undefined
      ? undefined
      : exampleOf(operation.bodySchema, components, substitute(operation));
  return { pathValues, query, body };
}

const WRONG: Record<TokenKind, TokenKind> = { operator: 'partner', member: 'operator', partner: 'member' };

function toRequest(operation: Operation, hostile: FuzzCase): Request | undefined {
  const path = operation.path.replace(/\{(\w+)\}/g, (_match, name: string) =>
    encodeURIComponent(hostile.pathValues[name] ?? ''),
  );
  const search = new URLSearchParams(hostile.query).toString();
  const headers: Record<string, string> = { 'idempotency-key': newKey('fuzz') };
  if (operation.security !== null && hostile.token !== 'none') {
    const kind =
      hostile.token === 'right'
        ? operation.security
        : hostile.token === 'wrong'
          ? WRONG[operation.security]
          : 'garbage';
    headers.authorization = `Bearer ${tokens[kind]}`;
  }
  const body =
    hostile.body.kind === 'json'
      ? JSON.stringify(hostile.body.value)
      : hostile.body.kind === 'raw'
        ? hostile.body.text
        : undefined;
  if (body !== undefined) headers['content-type'] = 'application/json';
  Object.assign(headers, hostile.headers);
  try {
    return new Request(`http://localhost${path}${search === '' ? '' : `?${search}`}`, {
      method: operation.method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
  } catch {
    return undefined; // not expressible on the wire (e.g. a header value that is not a byte string)
  }
}

const tally = { requests: 0, refused: 0, accepted: 0, unsendable: 0, fingerprinted: 0 };
let fingerprint: Awaited<ReturnType<typeof databaseFingerprint>>;
/** A wrong claim code is counted against its sender (docs/members.md): the one write a refusal makes. */
const COUNTED_REFUSALS = ['guess_attempts'];
let changes = 0;
let auditActionsBefore = 0;

/** Rows this connection (the app's) has inserted, updated or deleted so far, rolled back or not. */
async function totalChanges(): Promise<number> {
  const [row] = (await app.deps.db.all(sql`SELECT total_changes() AS changes`)) as { changes: number }[];
  return Number(row?.changes);
}

async function send(operation: Operation, hostile: FuzzCase): Promise<void> {
  const request = toRequest(operation, hostile);
  if (request === undefined) {
    tally.unsendable += 1;
    return;
  }
  const response = await app.app.fetch(request);
  const text = await response.text();
  tally.requests += 1;
  const where = `${operation.method} ${operation.path} [${hostile.part}] → ${response.status} ${text.slice(0, 300)}`;
  if (response.status >= 500) throw new Error(`5xx: ${where}`);
  if (response.status >= 400) {
    tally.refused += 1;
    if (response.headers.get('content-type') !== 'application/problem+json')
      throw new Error(`not a problem document: ${where}`);
    const problem = JSON.parse(text) as { code?: unknown; status?: unknown };
    if (typeof problem.code !== 'string' || problem.status !== response.status)
      throw new Error(`problem without a code: ${where}`);
  } else {
    tally.accepted += 1;
  }
  // No statement changed a row: certainly nothing was written. Otherwise compare every row.
  if ((await totalChanges()) === changes) return;
  const after = await databaseFingerprint(app.deps.db, COUNTED_REFUSALS);
  tally.fingerprinted += 1;
  const wrote = changedTables(fingerprint, after);
  // An operator's read of a member and a member's export are audited: they may add their own
  // `member.read` or `member.export` row, and nothing else.
  const auditedRead =
    response.status < 400 &&
    operation.method === 'GET' &&
    wrote.length === 1 &&
    wrote[0] === 'audit_log' &&
    (await auditActionsOtherThanReads()) === auditActionsBefore;
  // A gift card code that names no card counts as a failed guess of that partner (that is what
  // limits guessing): such a refusal may write `gift_card_guesses`, and nothing else.
  const countedGuess = response.status >= 400 && wrote.length === 1 && wrote[0] === 'gift_card_guesses';
  if (
    (response.status >= 400 || operation.method === 'GET') &&
    wrote.length > 0 &&
    !auditedRead &&
    !countedGuess
  ) {
    throw new Error(
      `a refused request wrote: ${where}\nrows before ${JSON.stringify(fingerprint.rows)}\nrows after ${JSON.stringify(after.rows)}`,
    );
  }
  fingerprint = after;
  changes = await totalChanges();
  auditActionsBefore = await auditActionsOtherThanReads();
}

/** The reads that are audited: an operator's support read of a member, a member's export. */
const AUDITED_READS = ['member.read', 'member.export'];

/** How many audit rows record something other than an audited read. */
async function auditActionsOtherThanReads(): Promise<number> {
  const [row] = (await app.deps.db.all(
    sql`SELECT COUNT(*) AS count FROM audit_log WHERE action NOT IN (${sql.join(
      AUDITED_READS.map((action) => sql`${action}`),
      sql`, `,
    )})`,
  )) as { count: number }[];
  return Number(row?.count);
}

// Destructive operations (remove a key, leave or dissolve the pool) go last, so earlier ones still reach their handlers.
const ORDER = (operation: Operation) => (operation.method === 'DELETE' ? 1 : 0);

describe('hostile input from the OpenAPI document', () => {
  test(`every operation, ${RUNS} generated requests each: no 5xx, every 4xx a problem with a code, refusals write nothing`, {
    timeout: 60_000 + RUNS * 45 * 40,
  }, async () => {
    const operations = operationsOf(document).sort((a, b) => ORDER(a) - ORDER(b));
    expect(operations.length).toBeGreaterThanOrEqual(30);
    const failures: string[] = [];
    for (const [index, operation] of operations.entries()) {
      const name = `${operation.method} ${operation.path}`;
      if (process.env.FUZZ_OPERATION !== undefined && process.env.FUZZ_OPERATION !== name) continue;
      // The deep run starts each operation on a fresh coalition, so the database stays small.
      if (DEEP && index > 0) {
        await app.close();
        await createFixture();
      }
      const details = await fc.check(
        fc.asyncProperty(fuzzCase(operation, baseRequest(operation)), async (hostile) => {
          await send(operation, hostile);
        }),
        { numRuns: RUNS, endOnFailure: true, ...replay },
      );
      if (details.failed) failures.push(`${name}: ${fc.defaultReportMessage(details) ?? ''}`);
    }
    report('hostile input', { operations: operations.length, runsPerOperation: RUNS, ...tally });
    expect(failures).toEqual([]);
    expect(tally.refused).toBeGreaterThan(tally.accepted);
  });

  test('every method on every documented path: 405 with Allow or an answer, never a 5xx', async () => {
    for (const path of Object.keys(document.paths)) {
      const concrete = path.replace(/\{(\w+)\}/g, () => 'x');
      for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
        const response = await app.app.request(concrete, {
          method,
          headers: { authorization: `Bearer ${tokens.operator}` },
        });
        expect(response.status, `${method} ${concrete}`).toBeLessThan(500);
        if (response.status === 405) expect(response.headers.get('allow')).toBeTruthy();
        if (response.status >= 400 && method !== 'HEAD')
          expect(response.headers.get('content-type')).toBe('application/problem+json');
      }
    }
  });
});

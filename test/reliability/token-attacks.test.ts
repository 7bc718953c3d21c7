import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createApp } from '../../src/app.js';
import { PartnerKeyCache } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config.js';
import { buildNodeDependencies } from '../../src/node-dependencies.js';
import { newPartnerKey, type PartnerKey, TestApp } from '../support/harness.js';
import { DEEP, databaseFingerprint, expectProblem, report } from './support/checks.js';
import { countingApp } from './support/counting-app.js';

/**
 * Promise 5, beyond the foundation's token matrix (test/auth/partner-token.test.ts): a flood of
 * tokens naming unknown kids costs one indexed lookup each and leaves nothing behind; a removed
 * key or a suspended partner is refused on the very next request, by every app instance; an
 * oversized token is refused before any parsing, with no database work.
 */
const WARMUP = DEEP ? 5000 : 1500;
const FLOOD = DEEP ? 20_000 : 1000;

let app: TestApp;
let partnerId: string;
let key: PartnerKey;
beforeEach(async () => {
  app = await TestApp.create({ environment: { RATE_LIMIT_PER_MINUTE: '0' } });
  const onboarded = await app.onboardPartner();
  partnerId = onboarded.partner.id;
  key = onboarded.key;
});
afterEach(async () => {
  await app.close();
});

const missingTransaction = 'txn_01JD3Z6W3RM0E2F2WB7G0K3T9Q';
const partnerRoute = `/v1/transactions/${missingTransaction}`;

async function call(
  target: { request: (path: string, init: RequestInit) => Response | Promise<Response> },
  authorization: string,
) {
  const response = await target.request(partnerRoute, { headers: { authorization } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text) };
}

function collectGarbage(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

describe('a flood of unknown kids', () => {
  test(`${WARMUP + FLOOD} tokens with fresh kids: each one indexed lookup, no write, nothing cached, no memory kept`, {
    timeout: DEEP ? 900_000 : 60_000,
  }, async () => {
    const { app: counted, counts } = countingApp(app);
    const attacker = await newPartnerKey('EdDSA');
    const before = await databaseFingerprint(app.deps.db);
    const gc = collectGarbage();
    const flood = async (from: number, to: number) => {
      for (let index = from; index < to; index += 1) {
        // Half name the real partner, half a partner that does not exist.
        const iss = index % 2 === 0 ? partnerId : `ptn_${String(index).padStart(26, '0')}`;
        const token = await app.partnerToken(
          iss,
          { ...attacker, kid: `flood-${index}-${Math.random().toString(36).slice(2)}` },
          { claims: { iss } },
        );
        const response = await call(counted, `Bearer ${token}`);
        if (response.status !== 401 || response.body.code !== 'invalid_token')
          expectProblem(response, 401, 'invalid_token');
      }
    };
    // The first requests warm the JIT and the statement cache; what the rest keep is what a flood keeps.
    await flood(0, WARMUP);
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    counts.statements = 0;
    counts.batches = 0;
    await flood(WARMUP, WARMUP + FLOOD);
    gc();
    const keptBytesPerRequest = (process.memoryUsage().heapUsed - heapBefore) / FLOOD;
    report('unknown-kid flood', {
      tokens: WARMUP + FLOOD,
      statementsPerToken: counts.statements / FLOOD,
      keptBytesPerRequest: Math.round(keptBytesPerRequest),
    });
    expect(counts).toEqual({ statements: FLOOD, batches: 0 });
    expect(app.deps.partnerKeyCache.size).toBe(0);
    // Keeping so much as the token (about 350 characters plus its headers) per request would exceed
    // this; the short run still carries some JIT warm-up, the deep one measures a steady state.
    expect(keptBytesPerRequest).toBeLessThan(DEEP ? 64 : 400);
    expect(await databaseFingerprint(app.deps.db)).toEqual(before);
  });

  test('tokens refused on their header alone cost no database work', async () => {
    const { app: counted, counts } = countingApp(app);
    const attacker = await newPartnerKey();
    const refusals = [
      await app.partnerToken(partnerId, attacker, { header: { kid: undefined } }),
      await app.partnerToken(partnerId, attacker, { header: { typ: 'JWT' } }),
      await app.partnerToken(partnerId, attacker, { header: { jku: 'http://127.0.0.1:1/jwks.json' } }),
      'e30.e30.e30',
      `${Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'x', typ: 'tessera-partner+jwt' })).toString('base64url')}.e30.AAAA`,
    ];
    for (const token of refusals) expectProblem(await call(counted, `Bearer ${token}`), 401, 'invalid_token');
    expect(counts.statements).toBe(0);
  });

  test('the imported-key cache never holds more than its capacity', async () => {
    const cache = new PartnerKeyCache(8);
    for (let index = 0; index < 30; index += 1) {
      const fresh = await newPartnerKey(index % 2 === 0 ? 'ES256' : 'EdDSA');
      await cache.get(fresh.algorithm, JSON.stringify(fresh.publicJwk));
      expect(cache.size).toBeLessThanOrEqual(8);
    }
  });
});

describe('revocation takes effect on the next request', () => {
  test('a token that just succeeded is refused right after its key is removed, by this and another app instance', async () => {
    const loaded = loadConfig({ DATABASE_URL: app.config.databaseUrl, RATE_LIMIT_PER_MINUTE: '0' });
    if (!loaded.ok) throw new Error(loaded.error);
    const otherDeps = await buildNodeDependencies(loaded.config, app.clock.now);
    const other = createApp(otherDeps);
    try {
      const spare = await app.registerPartnerKey(partnerId);
      const bearer = `Bearer ${await app.partnerToken(partnerId, key)}`;
      expect((await call(app.app, bearer)).status).toBe(404);
      expect((await call(other, bearer)).status).toBe(404);
      const removed = await app.request('DELETE', `/v1/partners/${partnerId}/keys/${key.kid}`, {
        token: await app.operatorToken(),
      });
      expect(removed.status).toBe(200);
      for (const instance of [app.app, other]) {
        const refused = await call(instance, bearer);
        expectProblem(refused, 401, 'invalid_token');
        expect(refused.body.detail).toMatch(/not signed by a live key/);
      }
      expect((await call(other, `Bearer ${await app.partnerToken(partnerId, spare)}`)).status).toBe(404);
    } finally {
      otherDeps.client.close();
    }
  });

  test('a token that just succeeded is refused right after suspension, and accepted again after reactivation', async () => {
    const bearer = `Bearer ${await app.partnerToken(partnerId, key)}`;
    const operator = await app.operatorToken();
    expect((await call(app.app, bearer)).status).toBe(404);
    expect(
      (
        await app.request('PATCH', `/v1/partners/${partnerId}`, {
          token: operator,
          body: { status: 'suspended' },
        })
      ).status,
    ).toBe(200);
    const refused = await call(app.app, bearer);
    expectProblem(refused, 401, 'invalid_token');
    expect(refused.body.detail).toMatch(/suspended/);
    expect(
      (
        await app.request('PATCH', `/v1/partners/${partnerId}`, {
          token: operator,
          body: { status: 'active' },
        })
      ).status,
    ).toBe(200);
    expect((await call(app.app, bearer)).status).toBe(404);
  });
});

describe('oversized tokens', () => {
  test.each([
    ['a 1 MB token of token characters', `Bearer ${'a'.repeat(1024 * 1024)}`],
    [
      'a 1 MB three-part token',
      `Bearer ${'eyJ'.repeat(180_000)}.${'e'.repeat(240_000)}.${'A'.repeat(100_000)}`,
    ],
    ['a 1 MB header that is not a token, ending in junk', `Bearer ${'a.'.repeat(512 * 1024)}!`],
    ['a 1 MB header of spaces and text', `Bearer ${' x'.repeat(512 * 1024)}`],
  ])('%s is 401 at once, with no database work', async (_name, authorization) => {
    const { app: counted, counts } = countingApp(app);
    const startedMs = performance.now();
    const response = await call(counted, authorization);
    const elapsedMs = performance.now() - startedMs;
    expectProblem(response, 401, 'invalid_token');
    report('oversized token', {
      bytes: authorization.length,
      elapsedMs: Math.round(elapsedMs),
      statements: counts.statements,
    });
    expect(counts.statements).toBe(0);
    expect(elapsedMs).toBeLessThan(250);
  });
});

import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createPartnerClient,
  type PartnerClientOptions,
  PartnerTokenSigner,
  TesseraProblem,
} from '../src/index.js';
import { onboardPartner, type RunningTessera, startTessera } from './server.js';

let tessera: RunningTessera;
beforeAll(async () => {
  tessera = await startTessera();
});
afterAll(() => tessera.close());

/** A client of a freshly onboarded partner; `fetch` may stand between it and the server. */
async function partnerClient(overrides: Partial<PartnerClientOptions> = {}) {
  const { partnerId, privateJwk } = await onboardPartner(tessera.app);
  return createPartnerClient({
    baseUrl: tessera.served.baseUrl,
    partnerId,
    privateJwk,
    clock: tessera.app.clock.now,
    retry: { baseDelayMs: 0 },
    ...overrides,
  });
}

function problemJson(status: number, code: string): Response {
  return new Response(
    JSON.stringify({ type: `urn:tessera:problem:${code}`, title: code, status, code, detail: code }),
    {
      status,
      headers: { 'content-type': 'application/problem+json' },
    },
  );
}

describe('the typed partner client against the real server', () => {
  test('enrol, earn, redeem and read the balance, typed end to end', async () => {
    const tessera_ = await partnerClient();
    const member = await tessera_.POST('/v1/members', { body: { externalReference: 'CARD-CLIENT-1' } });
    expect(member.id).toMatch(/^mem_/);
    const earned = await tessera_.POST('/v1/earn', {
      body: {
        memberId: member.id,
        amount: { amount: '542.50', currency: 'USD' },
        externalReference: 'folio-1',
      },
    });
    expect(earned.points).toBe(500);
    const redeemed = await tessera_.POST('/v1/redeem', { body: { memberId: member.id, points: 200 } });
    expect(redeemed.value).toEqual({ amount: '2.17', currency: 'USD' });
    const balance = await tessera_.GET('/v1/members/{memberId}/balance', {
      params: { path: { memberId: member.id } },
    });
    expect(balance.available).toBe(300);
  });

  test('a refusal is a TesseraProblem carrying its code, status and request id', async () => {
    const client = await partnerClient();
    const member = await client.POST('/v1/members', { body: { externalReference: 'CARD-CLIENT-2' } });
    const refused = await client
      .POST('/v1/redeem', { body: { memberId: member.id, points: 10 } })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TesseraProblem);
    expect(refused).toMatchObject({
      status: 422,
      code: 'insufficient_points',
      requestId: expect.stringMatching(/^req_/),
    });
  });

  test('each write has its own Idempotency-Key, kept across a retry after a lost response; it posts once', async () => {
    const sent: Request[] = [];
    let loseNextResponse = false;
    const client = await partnerClient({
      fetch: async (request) => {
        sent.push(request.clone());
        const response = await fetch(request);
        if (loseNextResponse) {
          loseNextResponse = false;
          await response.arrayBuffer();
          throw new TypeError('fetch failed: the connection was reset');
        }
        return response;
      },
    });
    const member = await client.POST('/v1/members', { body: { externalReference: 'CARD-CLIENT-3' } });
    loseNextResponse = true;
    const earned = await client.POST('/v1/earn', {
      body: { memberId: member.id, amount: { amount: '108.50', currency: 'USD' } },
    });
    expect(earned.points).toBe(100);

    const keys = sent.map((request) => request.headers.get('idempotency-key'));
    expect(keys).toHaveLength(3);
    expect(keys[0]).not.toBe(keys[1]);
    expect(keys[2]).toBe(keys[1]);
    const balance = await client.GET('/v1/members/{memberId}/balance', {
      params: { path: { memberId: member.id } },
    });
    expect(balance.available).toBe(100);
  });

  test.each([
    ['503 request_timeout', 503, 'request_timeout'],
    ['409 write_conflict', 409, 'write_conflict'],
  ])('%s is tried again with the same key', async (_name, status, code) => {
    const keys: (string | null)[] = [];
    let refuseNext = true;
    const client = await partnerClient({
      fetch: async (request) => {
        keys.push(request.headers.get('idempotency-key'));
        if (refuseNext && request.url.endsWith('/v1/members')) {
          refuseNext = false;
          return problemJson(status, code);
        }
        return fetch(request);
      },
    });
    const member = await client.POST('/v1/members', { body: { externalReference: `CARD-RETRY-${status}` } });
    expect(member.id).toMatch(/^mem_/);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  test('a refusal that a retry cannot change is not retried', async () => {
    let calls = 0;
    const client = await partnerClient({
      fetch: (request) => {
        calls += 1;
        return fetch(request);
      },
    });
    await client.POST('/v1/members', { body: { externalReference: 'CARD-CLIENT-4' } });
    const taken = await client
      .POST('/v1/members', { body: { externalReference: 'CARD-CLIENT-4' } })
      .catch((error: unknown) => error);
    expect(taken).toMatchObject({ status: 409, code: 'external_reference_taken' });
    expect(calls).toBe(2);
  });

  test('a caller-chosen Idempotency-Key is sent as is, and a replay answers the original', async () => {
    const client = await partnerClient();
    const first = await client.POST('/v1/members', {
      params: { header: { 'idempotency-key': 'enrol-CARD-CLIENT-5' } },
      body: { externalReference: 'CARD-CLIENT-5' },
    });
    const replay = await client.POST('/v1/members', {
      params: { header: { 'idempotency-key': 'enrol-CARD-CLIENT-5' } },
      body: { externalReference: 'CARD-CLIENT-5' },
    });
    expect(replay).toEqual(first);
  });
});

describe('the partner token signer', () => {
  test('reuses a token until a minute before it expires, then signs a new one the server accepts', async () => {
    const { partnerId, privateJwk } = await onboardPartner(tessera.app);
    const clock = tessera.app.clock;
    const signer = new PartnerTokenSigner({ partnerId, privateJwk, clock: clock.now });
    const first = await signer.token();
    expect(decodeJwt(first)).toMatchObject({ iss: partnerId, aud: 'tessera-api' });
    expect((decodeJwt(first).exp ?? 0) - (decodeJwt(first).iat ?? 0)).toBe(300);

    clock.advance(239_000);
    expect(await signer.token()).toBe(first);
    clock.advance(2_000);
    const second = await signer.token();
    expect(second).not.toBe(first);
    expect(decodeJwt(second).iat).toBe((decodeJwt(first).iat ?? 0) + 241);

    const response = await fetch(`${tessera.served.baseUrl}/v1/settlements`, {
      headers: { authorization: `Bearer ${second}` },
    });
    expect(response.status).toBe(200);
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateNetworkKey, buildNetworkKeySet } from '../../src/auth/network-keys.js';
import { signNetworkToken } from '../../src/auth/tokens.js';
import { TestApp } from '../support/harness.js';
import { LocalWorker, wranglerCron, wranglerTokenSettings } from './support.js';

// One `wrangler dev` for the file: it takes seconds to start. Tests share it, so each one builds
// its own fixtures with fresh ids and never counts on what another left behind.
let worker: LocalWorker;
beforeAll(async () => {
  worker = await LocalWorker.start();
}, 90_000);
afterAll(async () => {
  await worker?.stop();
}, 15_000);

/**
 * Counts partners in D1 beside the worker, not through the API under test, and whether `witnessId`
 * is among them: a witness the worker just wrote proves the count reads the worker's database.
 */
async function partnerCount(witnessId: string): Promise<{ partners: number; witness: number }> {
  const [row] = await worker.query<{ partners: number; witness: number }>(
    `SELECT count(*) AS partners, count(*) FILTER (WHERE id = '${witnessId}') AS witness FROM partners`,
  );
  if (row === undefined) throw new Error('the count query returned no row');
  return row;
}

function withoutRequestId(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || !('requestId' in body)) return body;
  const { requestId: _requestId, ...rest } = body;
  return rest;
}

describe('Tessera in the Workers runtime (workerd, local D1 with the real migrations)', () => {
  test('GET /health answers ok once D1 answers', async () => {
    const response = await worker.request('GET', '/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  });

  test('GET /.well-known/jwks.json publishes the public half of the NETWORK_SIGNING_KEYS secret', async () => {
    const response = await worker.request('GET', '/.well-known/jwks.json');
    expect(response.status).toBe(200);
    expect(response.body.keys).toEqual([worker.networkKeys.jwks.keys[0]]);
    expect(response.body.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', kid: worker.networkKeys.signing.kid });
    expect(response.body.keys[0]).not.toHaveProperty('d');
  });

  test('the Worker answers as the Node build does: OpenAPI document, problems', async () => {
    const node = await TestApp.create();
    try {
      const invalidPartner = { name: 'Nowhere', sector: 'spaceport', country: 'us', settlementCurrency: 'EUR', earnRate: 'x' };
      const exchanges = [
        ['GET', '/openapi.json', undefined, 200],
        ['GET', '/v1/nothing-here', undefined, 404],
        ['DELETE', '/health', undefined, 405],
        ['POST', '/v1/partners', invalidPartner, 422],
      ] as const;
      for (const [method, path, body, status] of exchanges) {
        const [onNode, onWorker] = await Promise.all([
          node.request(method, path, { token: await node.operatorToken(), body }),
          worker.request(method, path, { token: await worker.operatorToken(), body }),
        ]);
        expect(onNode.status).toBe(status);
        expect({ path, status: onWorker.status, body: withoutRequestId(onWorker.body) }).toEqual({ path, status, body: withoutRequestId(onNode.body) });
      }
    } finally {
      await node.close();
    }
  });

  test('the operator onboards a partner, reads it back, and registers its key', async () => {
    const partner = await worker.createPartner({ name: 'Apotheke am Markt', sector: 'pharmacy', country: 'DE', settlementCurrency: 'EUR' });
    expect(partner).toMatchObject({ id: expect.stringMatching(/^ptn_/), name: 'Apotheke am Markt', settlementCurrency: 'EUR' });

    const read = await worker.request('GET', `/v1/partners/${partner.id}`, { token: await worker.operatorToken() });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject(partner);

    await expect(worker.registerPartnerKey(partner.id, 'EdDSA')).resolves.toMatchObject({ algorithm: 'EdDSA' });
  });

  test('a partner signs its own token and enrols a member; a replay returns the original response', async () => {
    const { token } = await worker.onboardPartner();
    const externalReference = `CARD-${crypto.randomUUID()}`;
    const enrol = async () =>
      worker.request('POST', '/v1/members', { token: await token(), idempotencyKey: `enrol-${externalReference}`, body: { externalReference } });

    const first = await enrol();
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ id: expect.stringMatching(/^mem_/), externalReference });
    const replay = await enrol();
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    const members = await worker.query(`SELECT id FROM members WHERE external_reference = '${externalReference}'`);
    expect(members).toEqual([{ id: first.body.id }]);
  });

  test('the cron trigger of wrangler.toml runs the expiry sweep against D1', async () => {
    const cron = wranglerCron();
    expect(await worker.triggerScheduled(cron)).toEqual({ status: 200, body: 'ok' });
    const sweepLog = `"job":"expiry-sweep","cron":${JSON.stringify(cron)},"lotsExpired":`;
    await expect.poll(() => worker.logs(), { timeout: 5_000 }).toContain(sweepLog);
  });

  test('an unknown route is a 404 problem document', async () => {
    const response = await worker.request('GET', '/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body).toMatchObject({ code: 'route_not_found', status: 404, requestId: response.headers.get('x-request-id') });
  });

  test('an operator token signed with any other key is refused', async () => {
    const stranger = await buildNetworkKeySet([await generateNetworkKey(worker.networkKeys.signing.kid)]);
    const token = await signNetworkToken(stranger, wranglerTokenSettings(), { kind: 'operator', subject: 'operator', ttlSeconds: 600, nowMs: Date.now() });
    const response = await worker.request('GET', '/v1/partners', { token });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('invalid_token');
  });

  test('an invalid partner is a 422 and leaves no row behind', async () => {
    const witness = await worker.createPartner();
    const before = await partnerCount(witness.id);
    expect(before.witness).toBe(1);
    const response = await worker.request('POST', '/v1/partners', {
      token: await worker.operatorToken(),
      body: { name: 'Nowhere', sector: 'hotel', country: 'US', settlementCurrency: 'QQQ', earnRate: '1', issuePrice: '0.012', redeemRate: '0.009' },
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body).toMatchObject({ status: 422, code: 'unknown_currency' });
    expect(await partnerCount(witness.id)).toEqual(before);
  });
});

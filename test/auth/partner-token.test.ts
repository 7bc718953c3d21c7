import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { asc } from 'drizzle-orm';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { TOKEN_TYPES } from '../../src/auth/principal.js';
import { accounts, idempotencyRecords, members, partnerKeys, partners } from '../../src/db/schema/index.js';
import { type PartnerKey, TestApp } from '../support/harness.js';
import {
  type HmacSecretSource,
  handMadeToken,
  hmacSecretFrom,
  hmacToken,
  signWithForeignAlgorithm,
  withPayload,
} from './forged-tokens.js';

/**
 * The partner-token rejection matrix: every token here is a valid partner token except for the
 * one thing its row names, so each refusal proves that one check. The partner route is
 * `POST /v1/members`; `GET /v1/me` and `GET /v1/partners` are the member and operator routes a
 * partner token must not open.
 */

interface Fixture {
  partnerId: string;
  key: PartnerKey;
  otherPartnerId: string;
  otherKey: PartnerKey;
  /** A valid token of the partner, with claims and header members overridden (undefined removes one). */
  sign(
    overrides?: { claims?: JWTPayload; header?: Record<string, unknown> },
    key?: PartnerKey,
  ): Promise<string>;
  claims(): JWTPayload;
  header(): { alg: string; kid: string; typ: string };
}

interface Refusal {
  name: string;
  authorization: (fixture: Fixture) => Promise<string | undefined>;
  /** Why the token must be refused, as the problem detail says it. */
  detail: RegExp;
  code?: 'invalid_token' | 'unauthorized';
  route?: 'partner' | 'operator' | 'member';
}

let app: TestApp;
let fixture: Fixture;
let keyServer: Server;
let keyServerRequests = 0;
let keyServerUrl = '';

beforeAll(async () => {
  // A key server that must never be asked: a jku/x5u in a token is refused before anything is fetched.
  keyServer = createServer((_request, response) => {
    keyServerRequests += 1;
    response.end('{"keys":[]}');
  });
  await new Promise<void>((resolve) => keyServer.listen(0, '127.0.0.1', resolve));
  keyServerUrl = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => keyServer.close(resolve));
});

beforeEach(async () => {
  app = await TestApp.create();
  const { partner, key } = await app.onboardPartner();
  const other = await app.onboardPartner({
    name: 'Berlin Boutique',
    country: 'DE',
    settlementCurrency: 'EUR',
  });
  const claims = (): JWTPayload => {
    const issuedAt = Math.floor(app.clock.nowMs / 1000);
    return { iss: partner.id, aud: app.config.tokenAudience, iat: issuedAt, exp: issuedAt + 120 };
  };
  fixture = {
    partnerId: partner.id,
    key,
    otherPartnerId: other.partner.id,
    otherKey: other.key,
    sign: (overrides = {}, signingKey = key) => app.partnerToken(partner.id, signingKey, overrides),
    claims,
    header: () => ({ alg: key.algorithm, kid: key.kid, typ: TOKEN_TYPES.partner }),
  };
  keyServerRequests = 0;
  vi.spyOn(globalThis, 'fetch');
});
afterEach(async () => {
  vi.restoreAllMocks();
  await app.close();
});

const bearer = async (token: Promise<string> | string) => `Bearer ${await token}`;
const now = () => Math.floor(app.clock.nowMs / 1000);
const operatorRequest = async (method: string, path: string, body?: unknown) =>
  app.request(method, path, { token: await app.operatorToken(), ...(body === undefined ? {} : { body }) });

async function send(authorization: string | undefined, route: 'partner' | 'operator' | 'member' = 'partner') {
  const headers: Record<string, string> = {};
  if (authorization !== undefined) headers.authorization = authorization;
  if (route === 'operator') return app.request('GET', '/v1/partners', { headers });
  if (route === 'member') return app.request('GET', '/v1/me', { headers });
  return app.request('POST', '/v1/members', {
    headers,
    body: { externalReference: 'CARD-1' },
    idempotencyKey: crypto.randomUUID(),
  });
}

async function writableTables() {
  const { db } = app.deps;
  return {
    members: await db.select().from(members),
    accounts: await db.select().from(accounts).orderBy(asc(accounts.id)),
    idempotencyRecords: await db.select().from(idempotencyRecords),
    partners: await db.select().from(partners).orderBy(asc(partners.id)),
    partnerKeys: await db.select().from(partnerKeys).orderBy(asc(partnerKeys.kid)),
  };
}

const HMAC_SOURCES: HmacSecretSource[] = [
  'public JWK JSON',
  'x coordinate bytes',
  'uncompressed point bytes',
  'SPKI PEM text',
];
// Every refusal that comes before a verified signature reads the same (see the probing test below).
const NOT_REGISTERED = /^the token is not signed by a live key of the partner named by "iss"$/;
const WRONG_ALGORITHM = /must be signed with ES256 or EdDSA/;

const REFUSALS: Refusal[] = [
  {
    name: 'no token',
    authorization: async () => undefined,
    code: 'unauthorized',
    detail: /Send a bearer token/,
  },
  {
    name: 'a Basic credential',
    authorization: async () => 'Basic cGFydG5lcjpzZWNyZXQ=',
    detail: /Bearer <token>/,
  },
  { name: 'an empty bearer token', authorization: async () => 'Bearer ', detail: /Bearer <token>/ },
  {
    name: 'a token that is not a JWS',
    authorization: async () => 'Bearer not-a-jwt',
    detail: /not a compact JWS/,
  },
  {
    name: 'alg none, unsigned',
    authorization: async (f) => bearer(handMadeToken({ ...f.header(), alg: 'none' }, f.claims())),
    detail: WRONG_ALGORITHM,
  },
  {
    name: 'alg none carrying a genuine signature',
    authorization: async (f) =>
      bearer(handMadeToken({ ...f.header(), alg: 'none' }, f.claims(), (await f.sign()).split('.')[2])),
    detail: WRONG_ALGORITHM,
  },
  ...HMAC_SOURCES.map(
    (source): Refusal => ({
      name: `HS256 keyed with the partner's ${source} (alg confusion)`,
      authorization: async (f) =>
        bearer(hmacToken(f.claims(), f.header(), await hmacSecretFrom(f.key.publicJwk, source))),
      detail: WRONG_ALGORITHM,
    }),
  ),
  {
    name: 'ES384 claiming the registered kid',
    authorization: async (f) => bearer(signWithForeignAlgorithm('ES384', f.claims(), f.header())),
    detail: WRONG_ALGORITHM,
  },
  {
    name: 'EdDSA claiming the ES256 kid',
    authorization: async (f) => {
      const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
      return bearer(
        new SignJWT(f.claims()).setProtectedHeader({ ...f.header(), alg: 'EdDSA' }).sign(privateKey),
      );
    },
    detail: NOT_REGISTERED,
  },
  {
    name: 'a wrong iss (another partner)',
    authorization: async (f) => bearer(f.sign({ claims: { iss: f.otherPartnerId } })),
    detail: NOT_REGISTERED,
  },
  {
    name: 'an iss no partner has',
    authorization: async (f) => bearer(f.sign({ claims: { iss: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q' } })),
    detail: NOT_REGISTERED,
  },
  {
    name: 'a missing iss',
    authorization: async (f) => bearer(f.sign({ claims: { iss: undefined } })),
    detail: /partner id as "iss"/,
  },
  {
    name: 'an iss that is not a string',
    authorization: async (f) => bearer(f.sign({ claims: { iss: [f.partnerId] as unknown as string } })),
    detail: /partner id as "iss"/,
  },
  {
    name: 'a wrong aud',
    authorization: async (f) => bearer(f.sign({ claims: { aud: 'some-other-api' } })),
    detail: /"aud"/,
  },
  {
    name: 'a missing aud',
    authorization: async (f) => bearer(f.sign({ claims: { aud: undefined } })),
    detail: /"aud"/,
  },
  {
    name: 'expired 31 s ago, beyond the 30 s tolerance',
    authorization: async (f) => {
      const token = await f.sign();
      app.clock.advance((120 + 31) * 1000);
      return bearer(token);
    },
    detail: /expired/,
  },
  {
    name: 'nbf 31 s in the future',
    authorization: async (f) => bearer(f.sign({ claims: { nbf: now() + 31 } })),
    detail: /"nbf"/,
  },
  {
    name: 'iat 31 s in the future',
    authorization: async (f) => bearer(f.sign({ claims: { iat: now() + 31, exp: now() + 150 } })),
    detail: /"iat"/,
  },
  {
    name: 'a lifetime of 301 s',
    authorization: async (f) => bearer(f.sign({ claims: { exp: now() + 301 } })),
    detail: /at most 300 seconds/,
  },
  {
    name: 'a lifetime over 300 s that is half over',
    authorization: async (f) => bearer(f.sign({ claims: { iat: now() - 200, exp: now() + 200 } })),
    detail: /at most 300 seconds/,
  },
  {
    name: 'a missing exp',
    authorization: async (f) => bearer(f.sign({ claims: { exp: undefined } })),
    detail: /"exp"/,
  },
  {
    name: 'a missing iat',
    authorization: async (f) => bearer(f.sign({ claims: { iat: undefined } })),
    detail: /"iat"/,
  },
  {
    name: 'a missing typ',
    authorization: async (f) => bearer(f.sign({ header: { typ: undefined } })),
    detail: /"typ" must be/,
  },
  {
    name: 'a plain JWT typ',
    authorization: async (f) => bearer(f.sign({ header: { typ: 'JWT' } })),
    detail: /"typ" must be/,
  },
  {
    name: 'the member typ, signed by the partner',
    authorization: async (f) => bearer(f.sign({ header: { typ: TOKEN_TYPES.member } })),
    detail: /member token cannot be used/,
  },
  {
    name: 'a member token on a partner route',
    authorization: async () => bearer(app.memberToken('mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q')),
    detail: /member token cannot be used/,
  },
  {
    name: 'an operator token on a partner route',
    authorization: async () => bearer(app.operatorToken()),
    detail: /operator token cannot be used/,
  },
  {
    name: 'a partner token on a member route',
    authorization: async (f) => bearer(f.sign()),
    detail: /partner token cannot be used/,
    route: 'member',
  },
  {
    name: 'a partner token on an operator route',
    authorization: async (f) => bearer(f.sign()),
    detail: /partner token cannot be used/,
    route: 'operator',
  },
  {
    name: 'a missing kid',
    authorization: async (f) => bearer(f.sign({ header: { kid: undefined } })),
    detail: /must carry a "kid"/,
  },
  {
    name: 'an unknown kid',
    authorization: async (f) => bearer(f.sign({ header: { kid: 'never-registered' } })),
    detail: NOT_REGISTERED,
  },
  {
    name: "another partner's kid and key, with iss = this partner",
    authorization: async (f) => bearer(f.sign({ header: { kid: f.otherKey.kid } }, f.otherKey)),
    detail: NOT_REGISTERED,
  },
  {
    name: "this partner's kid, signed with another partner's key",
    authorization: async (f) => bearer(f.sign({}, { ...f.otherKey, kid: f.key.kid })),
    detail: NOT_REGISTERED,
  },
  {
    name: "the network's own key, with iss = this partner",
    authorization: async (f) => {
      const signing = app.deps.networkKeys.signing;
      return bearer(
        new SignJWT(f.claims())
          .setProtectedHeader({ ...f.header(), kid: signing.kid })
          .sign(signing.privateKey),
      );
    },
    detail: NOT_REGISTERED,
  },
  {
    name: 'a tampered payload',
    authorization: async (f) =>
      bearer(withPayload(await f.sign(), { ...f.claims(), iss: f.partnerId, admin: true })),
    detail: NOT_REGISTERED,
  },
  {
    name: 'a removed key',
    authorization: async (f) => {
      const token = await f.sign();
      expect((await operatorRequest('DELETE', `/v1/partners/${f.partnerId}/keys/${f.key.kid}`)).status).toBe(
        200,
      );
      return bearer(token);
    },
    detail: NOT_REGISTERED,
  },
  {
    name: 'a suspended partner',
    authorization: async (f) => {
      expect(
        (await operatorRequest('PATCH', `/v1/partners/${f.partnerId}`, { status: 'suspended' })).status,
      ).toBe(200);
      return bearer(f.sign());
    },
    detail: /suspended/,
  },
  {
    name: 'a jku header',
    authorization: async (f) => bearer(f.sign({ header: { jku: `${keyServerUrl}/jwks.json` } })),
    detail: /must not carry "jku"/,
  },
  {
    name: 'an x5u header',
    authorization: async (f) => bearer(f.sign({ header: { x5u: `${keyServerUrl}/certificate.pem` } })),
    detail: /must not carry "x5u"/,
  },
  {
    name: "an embedded jwk (the attacker's own key)",
    authorization: async (f) => {
      const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
      return bearer(
        new SignJWT(f.claims())
          .setProtectedHeader({ ...f.header(), jwk: await exportJWK(publicKey) })
          .sign(privateKey),
      );
    },
    detail: /must not carry "jwk"/,
  },
  {
    name: 'an x5c header',
    authorization: async (f) =>
      bearer(f.sign({ header: { x5c: ['MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA'] } })),
    detail: /must not carry "x5c"/,
  },
  {
    name: 'a token longer than 4096 characters',
    authorization: async (f) => bearer(f.sign({ claims: { padding: 'x'.repeat(3200) } })),
    detail: /longer than 4096/,
  },
];

describe('partner tokens the API refuses', () => {
  test.each(REFUSALS)(
    '$name: 401, problem+json, nothing written, nothing fetched',
    async ({ authorization, detail, code, route }) => {
      const header = await authorization(fixture);
      const before = await writableTables();
      const response = await send(header, route);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.body).toMatchObject({ status: 401, code: code ?? 'invalid_token' });
      expect(response.body.detail).toMatch(detail);
      expect(await writableTables()).toEqual(before);
      expect(globalThis.fetch).not.toHaveBeenCalled();
      expect(keyServerRequests).toBe(0);
    },
  );
});

describe('partner tokens the API accepts', () => {
  test.each([
    { name: 'an ES256 token', authorization: (f: Fixture) => bearer(f.sign()) },
    {
      name: 'an EdDSA token',
      authorization: async (f: Fixture) =>
        bearer(app.partnerToken(f.partnerId, await app.registerPartnerKey(f.partnerId, 'EdDSA'))),
    },
    {
      name: 'a token expired 29 s ago, within the 30 s tolerance',
      authorization: async (f: Fixture) => {
        const token = await f.sign();
        app.clock.advance((120 + 29) * 1000);
        return bearer(token);
      },
    },
    {
      name: 'a lifetime of exactly 300 s',
      authorization: (f: Fixture) => bearer(f.sign({ claims: { exp: now() + 300 } })),
    },
    {
      name: 'nbf 29 s in the future, within the tolerance',
      authorization: (f: Fixture) => bearer(f.sign({ claims: { nbf: now() + 29 } })),
    },
  ])('$name enrols the member', async ({ authorization }) => {
    const response = await send(await authorization(fixture));
    expect(response.status).toBe(201);
    expect(response.body.enrolledByPartnerId).toBe(fixture.partnerId);
  });

  test('suspension refuses the partner at once, and reactivation lets it back in', async () => {
    const token = await fixture.sign();
    await operatorRequest('PATCH', `/v1/partners/${fixture.partnerId}`, { status: 'suspended' });
    expect((await send(`Bearer ${token}`)).status).toBe(401);
    expect(await app.deps.db.select().from(members)).toEqual([]);
    await operatorRequest('PATCH', `/v1/partners/${fixture.partnerId}`, { status: 'active' });
    expect((await send(`Bearer ${token}`)).status).toBe(201);
  });

  test('after a key is removed, a newly registered key works', async () => {
    await operatorRequest('DELETE', `/v1/partners/${fixture.partnerId}/keys/${fixture.key.kid}`);
    expect((await send(await bearer(fixture.sign()))).status).toBe(401);
    const replacement = await app.registerPartnerKey(fixture.partnerId, 'EdDSA');
    expect((await send(await bearer(app.partnerToken(fixture.partnerId, replacement)))).status).toBe(201);
  });

  test("the other partner's token is unaffected by this partner's suspension", async () => {
    await operatorRequest('PATCH', `/v1/partners/${fixture.partnerId}`, { status: 'suspended' });
    const response = await send(await bearer(app.partnerToken(fixture.otherPartnerId, fixture.otherKey)));
    expect(response.status).toBe(201);
  });
});

describe('a forged token learns nothing about partners and keys', () => {
  test('suspended or active partner, live, removed or unknown kid, any algorithm: one answer until a signature verifies', async () => {
    const forger = await generateKeyPair('ES256');
    const forgerEd = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const removed = await app.registerPartnerKey(fixture.partnerId);
    await operatorRequest('DELETE', `/v1/partners/${fixture.partnerId}/keys/${removed.kid}`);
    await operatorRequest('PATCH', `/v1/partners/${fixture.otherPartnerId}`, { status: 'suspended' });
    const forged = (partnerId: string, kid: string, algorithm: 'ES256' | 'EdDSA' = 'ES256') =>
      new SignJWT({ ...fixture.claims(), iss: partnerId })
        .setProtectedHeader({ alg: algorithm, kid, typ: TOKEN_TYPES.partner })
        .sign((algorithm === 'ES256' ? forger : forgerEd).privateKey);
    const probes = {
      'a live kid of an active partner': await forged(fixture.partnerId, fixture.key.kid),
      'a live kid of a suspended partner': await forged(fixture.otherPartnerId, fixture.otherKey.kid),
      'a removed kid': await forged(fixture.partnerId, removed.kid),
      'an unknown kid': await forged(fixture.partnerId, 'no-such-kid'),
      'a partner that does not exist': await forged('ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q', 'k'),
      'the wrong algorithm for a live kid': await forged(fixture.partnerId, fixture.key.kid, 'EdDSA'),
    };
    const before = await writableTables();
    const answers = new Set<string>();
    for (const token of Object.values(probes)) {
      const response = await send(`Bearer ${token}`);
      answers.add(
        JSON.stringify({ status: response.status, code: response.body.code, detail: response.body.detail }),
      );
    }
    expect([...answers]).toEqual([
      JSON.stringify({
        status: 401,
        code: 'invalid_token',
        detail: 'the token is not signed by a live key of the partner named by "iss"',
      }),
    ]);
    expect(await writableTables()).toEqual(before);
    // The partner's own, genuinely signed token does learn that it is suspended.
    const own = await send(await bearer(app.partnerToken(fixture.otherPartnerId, fixture.otherKey)));
    expect(own.body.detail).toBe('the partner is suspended');
  });
});

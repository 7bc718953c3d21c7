import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { partnerKeys } from '../../../src/db/schema/index.js';
import { newPartnerKey, TestApp } from '../../support/harness.js';
import {
  expectMatrixOutcome,
  expectProblem,
  partnerKeysMatrix,
  partnerTablesSnapshot,
  tokenFor,
} from './fixtures.js';

let app: TestApp;
beforeEach(async () => {
  app = await TestApp.create();
});
afterEach(async () => {
  await app.close();
});

async function register(partnerId: string, publicJwk: unknown) {
  return app.request('POST', `/v1/partners/${partnerId}/keys`, {
    token: await app.operatorToken(),
    body: { publicJwk },
  });
}

async function privateJwk(algorithm: 'ES256' | 'EdDSA', kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair(algorithm, {
    extractable: true,
    ...(algorithm === 'EdDSA' ? { crv: 'Ed25519' } : {}),
  });
  return { ...(await exportJWK(privateKey)), kid, alg: algorithm };
}

/** 32 bytes as base64url, for hand-made Ed25519 public keys. */
const ed25519X = (hex: string) => Buffer.from(hex, 'hex').toString('base64url');

describe('POST /v1/partners/{partnerId}/keys', () => {
  test.each(['ES256', 'EdDSA'] as const)(
    'registers an %s public key: 201, and only its public members are stored',
    async (algorithm) => {
      const partner = await app.createPartner();
      const key = await newPartnerKey(algorithm);
      const response = await register(partner.id, {
        ...key.publicJwk,
        use: 'sig',
        key_ops: ['verify'],
        ext: true,
      });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        kid: key.kid,
        alg: algorithm,
        createdAt: '2026-11-23T09:00:00.000Z',
        removedAt: null,
      });
      const [stored] = await app.deps.db.select().from(partnerKeys);
      expect(stored).toMatchObject({ partnerId: partner.id, kid: key.kid, algorithm, removedAt: null });
      const { use: _use, key_ops: _operations, ext: _extractable, ...publicMembers } = key.publicJwk;
      expect(JSON.parse(stored?.publicJwk ?? '{}')).toEqual(publicMembers);
    },
  );

  test('the same kid may be used by two different partners', async () => {
    const partner = await app.createPartner();
    const other = await app.createPartner({ name: 'Other' });
    const key = await newPartnerKey();
    expect((await register(partner.id, key.publicJwk)).status).toBe(201);
    expect((await register(other.id, key.publicJwk)).status).toBe(201);
  });

  test.each(['ES256', 'EdDSA'] as const)(
    'an %s JWK carrying the private key is 422 invalid_public_key, never echoed, and stores nothing',
    async (algorithm) => {
      const partner = await app.createPartner();
      const jwk = await privateJwk(algorithm, 'leaked-key');
      const before = await partnerTablesSnapshot(app);
      const response = await register(partner.id, jwk);
      expectProblem(response, 422, 'invalid_public_key');
      expect(response.body.detail).toContain('"d"');
      expect(JSON.stringify(response.body)).not.toContain(String(jwk.d));
      expect(await partnerTablesSnapshot(app)).toEqual(before);
    },
  );

  test.each([
    [
      'a P-256 point off the curve',
      async () => ({
        ...(await newPartnerKey('ES256')).publicJwk,
        y: (await newPartnerKey('ES256')).publicJwk.x,
      }),
    ],
    [
      'P-256 coordinates of the wrong length',
      async () => ({ ...(await newPartnerKey('ES256')).publicJwk, x: 'AAAA' }),
    ],
    [
      'an Ed25519 key of the wrong length',
      async () => ({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', kid: 'short', x: 'AAAA' }),
    ],
    // The identity point: WebCrypto accepts it and then verifies an all-zero signature for any message.
    [
      'the Ed25519 identity point',
      async () => ({
        kty: 'OKP',
        crv: 'Ed25519',
        alg: 'EdDSA',
        kid: 'identity',
        x: ed25519X(`01${'00'.repeat(31)}`),
      }),
    ],
    [
      'an Ed25519 point of order 8',
      async () => ({
        kty: 'OKP',
        crv: 'Ed25519',
        alg: 'EdDSA',
        kid: 'torsion',
        x: ed25519X('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'),
      }),
    ],
    [
      'an Ed25519 y with no point on the curve',
      async () => ({
        kty: 'OKP',
        crv: 'Ed25519',
        alg: 'EdDSA',
        kid: 'nowhere',
        x: ed25519X(`02${'00'.repeat(31)}`),
      }),
    ],
  ])('%s is 422 invalid_public_key and stores nothing', async (_name, makeJwk) => {
    const partner = await app.createPartner();
    const before = await partnerTablesSnapshot(app);
    const response = await register(partner.id, await makeJwk());
    expectProblem(response, 422, 'invalid_public_key');
    expect(await partnerTablesSnapshot(app)).toEqual(before);
  });

  test.each([
    ['alg outside the allow-list', { alg: 'ES384', crv: 'P-384' }, 'json.publicJwk.alg'],
    ['alg none', { alg: 'none' }, 'json.publicJwk.alg'],
    ['a curve that does not match the alg', { crv: 'P-384' }, 'json.publicJwk.crv'],
    ['a key type that does not match the alg', { kty: 'OKP' }, 'json.publicJwk.kty'],
    ['a missing y', { y: undefined }, 'json.publicJwk.y'],
    ['a missing kid', { kid: undefined }, 'json.publicJwk.kid'],
    ['an empty kid', { kid: '' }, 'json.publicJwk.kid'],
    ['a kid with a slash', { kid: 'keys/1' }, 'json.publicJwk.kid'],
    ['a kid with a space', { kid: 'key 1' }, 'json.publicJwk.kid'],
    ['a kid of 101 characters', { kid: 'k'.repeat(101) }, 'json.publicJwk.kid'],
    ['x that is not base64url', { x: 'not+base64/url=' }, 'json.publicJwk.x'],
  ])('%s is 422 validation_failed at %s and stores nothing', async (_name, override, path) => {
    const partner = await app.createPartner();
    const key = await newPartnerKey('ES256');
    const before = await partnerTablesSnapshot(app);
    const response = await register(partner.id, { ...key.publicJwk, ...override });
    expectProblem(response, 422, 'validation_failed');
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(path);
    expect(await partnerTablesSnapshot(app)).toEqual(before);
  });

  test.each([
    ['no publicJwk', {}],
    ['an extra top-level field', { publicJwk: {}, jwksUrl: 'https://partner.example/jwks.json' }],
    ['a symmetric key', { publicJwk: { kty: 'oct', k: 'c2VjcmV0', kid: 'hmac', alg: 'HS256' } }],
    ['an RSA key', { publicJwk: { kty: 'RSA', n: 'AQAB', e: 'AQAB', kid: 'rsa', alg: 'RS256' } }],
    ['a string instead of an object', { publicJwk: '{"kty":"EC"}' }],
  ])('%s is 422 validation_failed and stores nothing', async (_name, body) => {
    const partner = await app.createPartner();
    const before = await partnerTablesSnapshot(app);
    const response = await app.request('POST', `/v1/partners/${partner.id}/keys`, {
      token: await app.operatorToken(),
      body,
    });
    expectProblem(response, 422, 'validation_failed');
    expect(await partnerTablesSnapshot(app)).toEqual(before);
  });

  test('a kid the partner already has is 409 partner_key_exists and keeps the first key', async () => {
    const partner = await app.createPartner();
    const first = await app.registerPartnerKey(partner.id);
    const second = await newPartnerKey('EdDSA');
    const before = await partnerTablesSnapshot(app);
    const response = await register(partner.id, { ...second.publicJwk, kid: first.kid });
    expectProblem(response, 409, 'partner_key_exists');
    expect(await partnerTablesSnapshot(app)).toEqual(before);
  });

  test('a removed kid cannot be registered again: 409 partner_key_exists', async () => {
    const partner = await app.createPartner();
    const key = await app.registerPartnerKey(partner.id);
    await app.request('DELETE', `/v1/partners/${partner.id}/keys/${key.kid}`, {
      token: await app.operatorToken(),
    });
    const before = await partnerTablesSnapshot(app);
    const response = await register(partner.id, key.publicJwk);
    expectProblem(response, 409, 'partner_key_exists');
    expect(response.body.detail).toContain('removed');
    expect(await partnerTablesSnapshot(app)).toEqual(before);
  });

  test('an unknown partner is 404 partner_not_found and stores nothing', async () => {
    const key = await newPartnerKey();
    const before = await partnerTablesSnapshot(app);
    const response = await register('ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q', key.publicJwk);
    expectProblem(response, 404, 'partner_not_found');
    expect(await partnerTablesSnapshot(app)).toEqual(before);
  });

  test.each(partnerKeysMatrix(201))(
    '$principal: $status $code, and a refusal stores nothing',
    async ({ principal, status, code }) => {
      const partner = await app.createPartner();
      const key = await newPartnerKey();
      const token = await tokenFor(app, principal);
      const before = await partnerTablesSnapshot(app);
      const response = await app.request('POST', `/v1/partners/${partner.id}/keys`, {
        body: { publicJwk: key.publicJwk },
        ...(token === undefined ? {} : { token }),
      });
      expectMatrixOutcome(response, { status, code });
      if (code !== null) expect(await partnerTablesSnapshot(app)).toEqual(before);
    },
  );
});

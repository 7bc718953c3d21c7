import { createHash } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { TOKEN_TYPES } from '../../src/auth/principal.js';
import {
  PartnerKeyCache,
  type PartnerKeyRecord,
  type VerifyContext,
  verifyBearerToken,
} from '../../src/auth/tokens.js';
import { VerifiedTokenCache } from '../../src/auth/verified-tokens.js';
import { sha256Hex, webCryptoSha256Hex } from '../../src/domain/sha256.js';
import { newPartnerKey, type PartnerKey, TestApp } from '../support/harness.js';

/**
 * A partner token's signature is verified once and remembered until the token expires; the key
 * and partner rows are still read on every request, so revocation is never delayed by the cache.
 */

let app: TestApp;
let partnerId: string;
let key: PartnerKey;

beforeEach(async () => {
  app = await TestApp.create();
  ({
    partner: { id: partnerId },
    key,
  } = await app.onboardPartner());
});
afterEach(async () => {
  vi.restoreAllMocks();
  await app.close();
});

const enrol = (token: string) =>
  app.request('POST', '/v1/members', { token, body: {}, idempotencyKey: crypto.randomUUID() });

describe('a verified partner token', () => {
  test('is verified once: later requests with it reuse the verification', async () => {
    const imports = vi.spyOn(app.deps.partnerKeyCache, 'get');
    const token = await app.partnerToken(partnerId, key);
    for (let index = 0; index < 3; index += 1) expect((await enrol(token)).status).toBe(201);
    expect(imports).toHaveBeenCalledTimes(1);
    expect(app.deps.partnerKeyCache.verifiedTokens.size).toBe(1);
  });

  test('is refused on the very next request after its key is removed', async () => {
    const token = await app.partnerToken(partnerId, key);
    expect((await enrol(token)).status).toBe(201);
    const removed = await app.request('DELETE', `/v1/partners/${partnerId}/keys/${key.kid}`, {
      token: await app.operatorToken(),
    });
    expect(removed.status).toBe(200);
    const refused = await enrol(token);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('invalid_token');
    expect(refused.body.detail).toMatch(/not signed by a live key/);
  });

  test('is refused on the very next request after the partner is suspended, and accepted again after reactivation', async () => {
    const token = await app.partnerToken(partnerId, key);
    expect((await enrol(token)).status).toBe(201);
    const operator = await app.operatorToken();
    expect(
      (
        await app.request('PATCH', `/v1/partners/${partnerId}`, {
          token: operator,
          body: { status: 'suspended' },
        })
      ).status,
    ).toBe(200);
    const refused = await enrol(token);
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toMatch(/suspended/);
    expect(
      (
        await app.request('PATCH', `/v1/partners/${partnerId}`, {
          token: operator,
          body: { status: 'active' },
        })
      ).status,
    ).toBe(200);
    expect((await enrol(token)).status).toBe(201);
  });

  test('is refused once it expires, beyond the clock tolerance, although it was remembered', async () => {
    const token = await app.partnerToken(partnerId, key);
    expect((await enrol(token)).status).toBe(201);
    app.clock.advance((120 + app.config.clockToleranceSeconds) * 1000 - 1000);
    expect((await enrol(token)).status).toBe(201);
    app.clock.advance(1000);
    const refused = await enrol(token);
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toMatch(/expired/);
  });

  test('is refused when the clock is before its iat beyond the tolerance, although it was remembered', async () => {
    const token = await app.partnerToken(partnerId, key);
    expect((await enrol(token)).status).toBe(201);
    app.clock.advance(-(app.config.clockToleranceSeconds + 1) * 1000);
    const refused = await enrol(token);
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toMatch(/"iat"/);
  });
});

describe('the verification is tied to the key material', () => {
  test('a remembered token is verified again, and refused, when the key row names other material', async () => {
    const nowMs = Date.parse('2026-11-23T09:00:00.000Z');
    const issuedAt = Math.floor(nowMs / 1000);
    const signer = await newPartnerKey('ES256');
    const impostor = await newPartnerKey('ES256');
    const token = await new SignJWT({
      iss: partnerId,
      aud: app.config.tokenAudience,
      iat: issuedAt,
      exp: issuedAt + 120,
    })
      .setProtectedHeader({ alg: 'ES256', kid: signer.kid, typ: TOKEN_TYPES.partner })
      .sign(signer.privateKey);
    let record: PartnerKeyRecord = {
      algorithm: 'ES256',
      publicJwk: JSON.stringify(signer.publicJwk),
      partnerActive: true,
    };
    const context: VerifyContext = {
      settings: { issuer: 'tessera', audience: app.config.tokenAudience, clockToleranceSeconds: 30 },
      networkKeys: app.deps.networkKeys,
      partnerKeyCache: new PartnerKeyCache(),
      findPartnerKey: async () => record,
      nowMs,
    };
    expect(await verifyBearerToken(token, ['partner'], context)).toEqual({
      kind: 'partner',
      partnerId,
      kid: signer.kid,
    });
    record = { ...record, publicJwk: JSON.stringify({ ...impostor.publicJwk, kid: signer.kid }) };
    expect(await verifyBearerToken(token, ['partner'], context)).toMatchObject({
      code: 'invalid_token',
      detail: 'the token is not signed by a live key of the partner named by "iss"',
    });
  });
});

describe('VerifiedTokenCache', () => {
  const entry = {
    partnerId: 'ptn_a',
    kid: 'k',
    algorithm: 'ES256',
    publicJwk: '{}',
    validFromMs: 1000,
    validUntilMs: 2000,
  };

  test('answers only within the validity window, and forgets an entry past it', () => {
    const cache = new VerifiedTokenCache();
    cache.remember('digest', entry);
    expect(cache.find('digest', 999)).toBeUndefined();
    expect(cache.find('digest', 1000)).toEqual(entry);
    expect(cache.find('digest', 1999)).toEqual(entry);
    expect(cache.find('digest', 2000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  test('never holds more than its capacity, dropping the oldest first', () => {
    const cache = new VerifiedTokenCache(3);
    for (let index = 0; index < 5; index += 1) cache.remember(`digest-${index}`, entry);
    expect(cache.size).toBe(3);
    expect(cache.find('digest-1', 1500)).toBeUndefined();
    expect(cache.find('digest-4', 1500)).toEqual(entry);
  });
});

describe('token digests', () => {
  test('the WebCrypto digest (Workers) and the node:crypto one (Node) are the same SHA-256', async () => {
    const token = 'eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJwdG5fYSJ9.c2lnbmF0dXJl·é';
    const expected = createHash('sha256').update(token).digest('hex');
    expect(sha256Hex(token)).toBe(expected);
    expect(await webCryptoSha256Hex(token)).toBe(expected);
  });
});

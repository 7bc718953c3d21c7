import { importJWK, SignJWT } from 'jose';
import { describe, expect, test } from 'vitest';
import { buildNetworkKeySet, generateNetworkKey } from '../../src/auth/network-keys.js';
import { TOKEN_TYPES } from '../../src/auth/principal.js';
import { PartnerKeyCache, signNetworkToken, verifyBearerToken } from '../../src/auth/tokens.js';

const settings = { issuer: 'tessera', audience: 'tessera-api', clockToleranceSeconds: 30 };
const nowMs = Date.parse('2026-11-23T09:00:00Z');

async function rotatedKeys() {
  const retired = { ...(await generateNetworkKey('net_1')), retired: true };
  const current = await generateNetworkKey('net_2');
  return { retired, keys: await buildNetworkKeySet([retired, current]) };
}

const verify = (token: string, keys: Awaited<ReturnType<typeof rotatedKeys>>['keys']) =>
  verifyBearerToken(token, ['operator'], {
    settings,
    networkKeys: keys,
    findPartnerKey: async () => undefined,
    partnerKeyCache: new PartnerKeyCache(),
    nowMs,
  });

describe('network key rotation', () => {
  test('the newest active key signs, and its tokens verify', async () => {
    const { keys } = await rotatedKeys();
    expect(keys.signing.kid).toBe('net_2');
    const token = await signNetworkToken(keys, settings, {
      kind: 'operator',
      subject: 'operator',
      ttlSeconds: 600,
      nowMs,
    });
    expect(await verify(token, keys)).toEqual({ kind: 'operator', subject: 'operator' });
  });

  test('a retired key stays in the JWKS for old statements but no longer verifies tokens', async () => {
    const { retired, keys } = await rotatedKeys();
    expect(keys.jwks.keys.map((key) => key.kid)).toEqual(['net_1', 'net_2']);
    const issuedAt = Math.floor(nowMs / 1000);
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: 'net_1', typ: TOKEN_TYPES.operator })
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setSubject('operator')
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + 600)
      .sign(await importJWK(retired.privateJwk, 'ES256'));
    expect(await verify(forged, keys)).toMatchObject({ code: 'invalid_token' });
  });
});

import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { generateNetworkKey } from '../auth/network-keys.js';
import { PARTNER_ALGORITHMS, type PartnerAlgorithm } from '../auth/principal.js';

export function isPartnerAlgorithm(algorithm: string): algorithm is PartnerAlgorithm {
  return (PARTNER_ALGORITHMS as readonly string[]).includes(algorithm);
}

/** A kid that tells when the key was made: `key_20261127_1a2b3c4d`. */
function datedKid(prefix: string): string {
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  return `${prefix}_${day}_${crypto.randomUUID().slice(0, 8)}`;
}

export async function partnerKeyPairJson(algorithm: PartnerAlgorithm): Promise<string> {
  const { privateKey, publicKey } = await generateKeyPair(algorithm, {
    extractable: true,
    ...(algorithm === 'EdDSA' ? { crv: 'Ed25519' } : {}),
  });
  const kid = datedKid('key');
  const decorate = (jwk: JWK): JWK => ({ ...jwk, kid, alg: algorithm, use: 'sig' });
  const pair = {
    kid,
    alg: algorithm,
    privateJwk: decorate(await exportJWK(privateKey)),
    publicJwk: decorate(await exportJWK(publicKey)),
  };
  return JSON.stringify(pair, null, 2);
}

export async function networkKeyJson(): Promise<string> {
  const record = await generateNetworkKey(datedKid('net'));
  return JSON.stringify(record.privateJwk);
}

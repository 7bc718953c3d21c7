import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

/** The network signs member tokens, operator tokens and statements with ES256 keys, rotated by kid. */
export const NETWORK_KEY_ALGORITHM = 'ES256';

export interface NetworkKeyRecord {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
  retired: boolean;
}

export interface NetworkKeySet {
  /** The key new signatures are made with. */
  readonly signing: { readonly kid: string; readonly privateKey: CryptoKey };
  /**
   * Keys that still verify bearer tokens, by kid: only keys not retired, so retiring a key (a
   * leaked one, say) refuses every token it signed at once.
   */
  readonly verification: ReadonlyMap<string, CryptoKey>;
  /** The public JWKS served at `/.well-known/jwks.json`. */
  readonly jwks: { keys: JWK[] };
  /**
   * HMAC keys derived from each network key (retired ones too), by kid: codes the network hands
   * out once (claim codes) are derived with them, so they never need to be stored.
   */
  readonly codeKeys: ReadonlyMap<string, CryptoKey>;
}

export async function generateNetworkKey(kid: string): Promise<NetworkKeyRecord> {
  const { privateKey, publicKey } = await generateKeyPair(NETWORK_KEY_ALGORITHM, { extractable: true });
  const decorate = (jwk: JWK): JWK => ({ ...jwk, kid, alg: NETWORK_KEY_ALGORITHM, use: 'sig' });
  return {
    kid,
    privateJwk: decorate(await exportJWK(privateKey)),
    publicJwk: decorate(await exportJWK(publicKey)),
    retired: false,
  };
}

/**
 * Builds the key set from stored records: the newest key that is not retired signs, and every
 * key (retired ones too, until removed) still verifies what it signed before a rotation.
 */
export async function buildNetworkKeySet(records: readonly NetworkKeyRecord[]): Promise<NetworkKeySet> {
  const active = records.filter((record) => !record.retired);
  const signingRecord = active[active.length - 1];
  if (signingRecord === undefined) throw new Error('no active network signing key');
  const verification = new Map<string, CryptoKey>();
  for (const record of active) {
    verification.set(
      record.kid,
      (await importJWK(publicOnly(record.publicJwk), NETWORK_KEY_ALGORITHM)) as CryptoKey,
    );
  }
  return {
    signing: {
      kid: signingRecord.kid,
      privateKey: (await importJWK(signingRecord.privateJwk, NETWORK_KEY_ALGORITHM)) as CryptoKey,
    },
    verification,
    // Retired keys stay published so that statements they signed remain verifiable.
    jwks: { keys: records.map((record) => publicOnly(record.publicJwk)) },
    codeKeys: new Map(
      await Promise.all(
        records.map(async (record) => [record.kid, await deriveCodeKey(record.privateJwk)] as const),
      ),
    ),
  };
}

/** HKDF-SHA-256 of the key's private scalar into an HMAC-SHA-256 key for one purpose only. */
async function deriveCodeKey(privateJwk: JWK): Promise<CryptoKey> {
  const secret = base64urlBytes(privateJwk.d ?? '');
  const material = await crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: new Uint8Array(0),
      info: new TextEncoder().encode('tessera one-time codes v1'),
    },
    material,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign'],
  );
}

function base64urlBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (character) => character.charCodeAt(0));
}

/** Parses the Workers secret: a JSON array of key records, or a single private JWK with a kid. */
export function parseNetworkKeySecret(secret: string): NetworkKeyRecord[] {
  const parsed: unknown = JSON.parse(secret);
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.map((entry, index) => {
    const jwk = entry as JWK & { retired?: boolean };
    if (typeof jwk !== 'object' || jwk === null || typeof jwk.kid !== 'string' || typeof jwk.d !== 'string') {
      throw new Error(`network key ${index} must be a private JWK with a kid`);
    }
    const { retired, ...privateJwk } = jwk;
    return { kid: jwk.kid, privateJwk, publicJwk: publicOnly(privateJwk), retired: retired === true };
  });
}

function publicOnly(jwk: JWK): JWK {
  const { d: _private, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest } = jwk;
  return rest;
}
